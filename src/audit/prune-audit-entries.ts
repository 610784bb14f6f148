// Audit entries are kept like the usage history: `retention_days` (settings) and no longer.
// Entries of a purged installation (installation_id set null) follow the default retention.
import type { Database } from "../db/open-database.js";
import { loadSettings } from "../settings/load-settings.js";
import { DEFAULT_SETTINGS } from "../settings/settings-schema.js";

const DAY_MS = 86_400_000;

export async function pruneAuditEntries(db: Pick<Database, "prisma">, now: Date): Promise<number> {
  const cutoff = (days: number) => new Date(now.getTime() - days * DAY_MS);
  const installations = await db.prisma.installation.findMany({ where: { auditEntries: { some: {} } }, select: { id: true } });
  let removed = 0;
  for (const { id } of installations) {
    const { retention_days } = await loadSettings(db, id);
    const { count } = await db.prisma.auditEntry.deleteMany({ where: { installationId: id, at: { lt: cutoff(retention_days) } } });
    removed += count;
  }
  const orphans = await db.prisma.auditEntry.deleteMany({ where: { installationId: null, at: { lt: cutoff(DEFAULT_SETTINGS.retention_days) } } });
  return removed + orphans.count;
}
