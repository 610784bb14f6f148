// installation.suspend / unsuspend: a suspended installation is not synced and keeps everything.
import type { Installation } from "@prisma/client";
import type { Database } from "../db/open-database.js";
import { findInstallation } from "./find-installation.js";
import { recordGithubAudit } from "./record-github-audit.js";

export async function setInstallationSuspended(
  db: Pick<Database, "prisma">,
  githubInstallationId: number,
  suspendedAt: Date | null,
  now: Date,
): Promise<Installation | null> {
  const installation = await findInstallation(db, { githubInstallationId });
  if (!installation) return null;
  const updated = await db.prisma.installation.update({ where: { id: installation.id }, data: { suspendedAt } });
  await recordGithubAudit(db, {
    installationId: installation.id,
    action: suspendedAt ? "installation.suspended" : "installation.unsuspended",
    target: installation.login,
    at: now,
  });
  return updated;
}
