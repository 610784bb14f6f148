// installation_target.renamed / organization.renamed: the login (the API's `{enterprise}`) follows
// the account; the row, and so all history, stays the same.
import type { Installation } from "@prisma/client";
import type { Database } from "../db/open-database.js";
import { findInstallation, type InstallationRef } from "./find-installation.js";
import { recordGithubAudit } from "./record-github-audit.js";

export async function renameInstallation(
  db: Pick<Database, "prisma">,
  where: InstallationRef,
  login: string,
  now: Date,
): Promise<Installation | null> {
  const installation = await findInstallation(db, where);
  if (!installation) return null;
  if (installation.login === login) return installation;
  const updated = await db.prisma.installation.update({ where: { id: installation.id }, data: { login } });
  await recordGithubAudit(db, {
    installationId: installation.id,
    action: "installation.renamed",
    target: login,
    details: { from: installation.login, to: login },
    at: now,
  });
  return updated;
}
