// The stored installation an event is about: by GitHub installation id, or by account id for
// events that may come without one (organization events).
import type { Installation } from "@prisma/client";
import type { Database } from "../db/open-database.js";

export type InstallationRef = { githubInstallationId: number } | { accountId: number };

export async function findInstallation(db: Pick<Database, "prisma">, ref: InstallationRef): Promise<Installation | null> {
  if ("githubInstallationId" in ref) {
    return db.prisma.installation.findUnique({ where: { githubInstallationId: BigInt(ref.githubInstallationId) } });
  }
  return db.prisma.installation.findFirst({ where: { accountId: BigInt(ref.accountId) }, orderBy: { updatedAt: "desc" } });
}
