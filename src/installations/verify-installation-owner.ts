// Owner verification: the person who installed the app must be an active owner of the
// organization. GitHub not answering leaves the installation "pending" with the reason, to be
// checked again (reverifyPendingInstallations); it is never taken as a yes.
import type { Installation } from "@prisma/client";
import type { Database } from "../db/open-database.js";
import { getOrgMembership, type OrgMembership } from "../github/get-org-membership.js";
import type { Octokit } from "../github/octokit.js";
import { recordGithubAudit } from "./record-github-audit.js";

export type VerificationResult = { installation: Installation; membership: OrgMembership | null };

export async function verifyInstallationOwner(
  octokit: Octokit,
  db: Pick<Database, "prisma">,
  installation: Installation,
  now: Date,
): Promise<VerificationResult> {
  if (installation.verification !== "pending" || !installation.installedBy) return { installation, membership: null };
  const membership = await getOrgMembership(octokit, installation.login, installation.installedBy);
  const data =
    membership.kind === "owner"
      ? { verification: "verified", verificationError: null, verifiedAt: now }
      : membership.kind === "not-owner"
        ? { verification: "unverified", verificationError: `${membership.reason}; only an owner's installation is synced` }
        : { verification: "pending", verificationError: `owner check failed and will be retried: ${membership.reason}` };
  // Only a still-pending row changes: an uninstall that arrived meanwhile wins.
  const { count } = await db.prisma.installation.updateMany({ where: { id: installation.id, verification: "pending" }, data });
  const updated = await db.prisma.installation.findUniqueOrThrow({ where: { id: installation.id } });
  if (count === 1 && membership.kind !== "unknown") {
    await recordGithubAudit(db, {
      installationId: installation.id,
      action: membership.kind === "owner" ? "installation.verified" : "installation.unverified",
      target: installation.login,
      details: { installed_by: installation.installedBy, ...(membership.kind === "not-owner" ? { reason: membership.reason } : {}) },
      at: now,
    });
  }
  return { installation: updated, membership };
}
