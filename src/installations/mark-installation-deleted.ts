// Uninstall (installation.deleted, organization.deleted): syncing stops, every stored GHES token of
// the organization is deleted at once, and the usage data is kept until `retention_days` have
// passed (purgeExpiredInstallations), so a re-install within that time finds its history.
import type { Installation } from "@prisma/client";
import type { Database } from "../db/open-database.js";
import { loadSettings } from "../settings/load-settings.js";
import { findInstallation, type InstallationRef } from "./find-installation.js";
import { recordGithubAudit } from "./record-github-audit.js";

const DAY_MS = 24 * 60 * 60 * 1000;

export type DeletionResult = { installation: Installation; tokensDeleted: number } | null;

export async function markInstallationDeleted(
  db: Pick<Database, "prisma">,
  where: InstallationRef,
  now: Date,
  cause: string,
): Promise<DeletionResult> {
  const installation = await findInstallation(db, where);
  if (!installation) return null;

  const { retention_days: retentionDays } = await loadSettings(db, installation.id);
  // A second notice (both installation.deleted and organization.deleted arrive) keeps the first dates.
  const deletedAt = installation.deletedAt ?? now;
  const purgeAfter = installation.purgeAfter ?? new Date(deletedAt.getTime() + retentionDays * DAY_MS);
  const [updated, tokens] = await db.prisma.$transaction([
    db.prisma.installation.update({
      where: { id: installation.id },
      data: { verification: "deleted", deletedAt, purgeAfter },
    }),
    db.prisma.ghesServer.updateMany({
      where: { installationId: installation.id, tokenSealed: { not: null } },
      data: { tokenSealed: null },
    }),
  ]);
  if (installation.deletedAt === null) {
    await recordGithubAudit(db, {
      installationId: installation.id,
      action: "installation.deleted",
      target: installation.login,
      details: { cause, tokens_deleted: tokens.count, purge_after: purgeAfter.toISOString(), retention_days: retentionDays },
      at: now,
    });
  }
  return { installation: updated, tokensDeleted: tokens.count };
}
