// Stores a new installation as "pending" (or "unverified" on a personal account) before any owner
// check. GitHub gives a re-install a new installation id; the account's earlier row is taken over
// so its history (usage points, servers, settings) survives an uninstall within the retention period.
import type { Installation } from "@prisma/client";
import type { Database } from "../db/open-database.js";
import { recordGithubAudit } from "./record-github-audit.js";

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
  const recorded = earlier
    ? await db.prisma.installation.update({ where: { id: earlier.id }, data: fields })
    : await db.prisma.installation.create({ data: { ...fields, createdAt: now } });
  // Once per installation: a redelivery of the same installation.created (after a failed owner
  // check) records nothing new. The owner check's outcome is its own entry (verified/unverified);
  // an install on a personal account is refused here, so its entry says so.
  if (earlier?.githubInstallationId !== fields.githubInstallationId) {
    await recordGithubAudit(db, {
      installationId: recorded.id,
      // A person's act, as a settings push is: the installer is the actor.
      actor: install.installedBy,
      action: "installation.created",
      target: install.login,
      details: {
        installed_by: install.installedBy,
        account_type: install.accountType,
        ...(earlier ? { reinstalled: true } : {}),
        ...(onUserAccount ? { refused: fields.verificationError } : {}),
      },
      at: now,
    });
  }
  return recorded;
}
