// Stores a new installation as "pending" (or "unverified" on a personal account) before any owner
// check. GitHub gives a re-install a new installation id; the account's earlier row is taken over
// so its history (usage points, servers, settings) survives an uninstall within the retention period.
import type { Installation } from "@prisma/client";
import type { Database } from "../db/open-database.js";

export type NewInstallation = {
  githubInstallationId: number;
  accountId: number;
  login: string;
  /** "Organization" | "User" (GitHub's account type; an Enterprise account is neither) */
  accountType: string;
  installedBy: string;
};

export async function recordInstallation(db: Pick<Database, "prisma">, install: NewInstallation, now: Date): Promise<Installation> {
  const onUserAccount = install.accountType !== "Organization";
  const fields = {
    githubInstallationId: BigInt(install.githubInstallationId),
    accountId: BigInt(install.accountId),
    login: install.login,
    accountType: install.accountType,
    installedBy: install.installedBy,
    verification: onUserAccount ? "unverified" : "pending",
    verificationError: onUserAccount
      ? `installed on the ${install.accountType === "User" ? "personal account" : `${install.accountType} account`} ${install.login}; only organizations are synced`
      : null,
    verifiedAt: null,
    suspendedAt: null,
    deletedAt: null,
    purgeAfter: null,
    updatedAt: now,
  };
  const earlier =
    (await db.prisma.installation.findUnique({ where: { githubInstallationId: fields.githubInstallationId } })) ??
    (await db.prisma.installation.findFirst({ where: { accountId: fields.accountId }, orderBy: { updatedAt: "desc" } }));
  if (earlier) return db.prisma.installation.update({ where: { id: earlier.id }, data: fields });
  return db.prisma.installation.create({ data: { ...fields, createdAt: now } });
}
