// "Delete our data now": an owner of an uninstalled organization need not wait for the retention
// period. Only an uninstalled installation can be purged; an installed one is refused.
import type { Database } from "../db/open-database.js";
import { recordGithubAudit } from "./record-github-audit.js";

export type PurgeNowResult =
  | { kind: "purged"; login: string }
  | { kind: "not-found" }
  | { kind: "still-installed"; message: string };

export async function purgeInstallationNow(
  db: Pick<Database, "prisma">,
  installationId: number,
  requestedBy: string,
  now: Date,
): Promise<PurgeNowResult> {
  const installation = await db.prisma.installation.findUnique({ where: { id: installationId } });
  if (!installation) return { kind: "not-found" };
  if (installation.verification !== "deleted") {
    return {
      kind: "still-installed",
      message: `the app is still installed on ${installation.login}; uninstall it first, then purge its data`,
    };
  }
  const { count } = await db.prisma.installation.deleteMany({ where: { id: installationId, verification: "deleted" } });
  if (count === 0) return { kind: "still-installed", message: `${installation.login} was installed again meanwhile` };
  await recordGithubAudit(db, {
    installationId: null,
    actor: requestedBy,
    action: "installation.purged",
    target: installation.login,
    details: { installation_id: installationId, github_installation_id: String(installation.githubInstallationId) },
    at: now,
  });
  return { kind: "purged", login: installation.login };
}
