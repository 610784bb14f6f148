// Retries the owner check of installations left "pending" because GitHub could not be asked.
// The scheduler calls this periodically; each installation gets its own Octokit.
import type { Database } from "../db/open-database.js";
import type { Octokit } from "../github/octokit.js";
import { verifyInstallationOwner } from "./verify-installation-owner.js";

export type OctokitForInstallation = (githubInstallationId: number) => Promise<Octokit>;

export type ReverifySummary = { verified: string[]; unverified: string[]; stillPending: string[] };

export async function reverifyPendingInstallations(
  octokitFor: OctokitForInstallation,
  db: Pick<Database, "prisma">,
  now: Date,
): Promise<ReverifySummary> {
  const pending = await db.prisma.installation.findMany({
    where: { verification: "pending", deletedAt: null, installedBy: { not: null } },
    orderBy: { id: "asc" },
  });
  const summary: ReverifySummary = { verified: [], unverified: [], stillPending: [] };
  for (const installation of pending) {
    let octokit: Octokit;
    try {
      octokit = await octokitFor(Number(installation.githubInstallationId));
    } catch {
      summary.stillPending.push(installation.login);
      continue;
    }
    const { installation: after } = await verifyInstallationOwner(octokit, db, installation, now);
    if (after.verification === "verified") summary.verified.push(after.login);
    else if (after.verification === "unverified") summary.unverified.push(after.login);
    else summary.stillPending.push(after.login);
  }
  return summary;
}
