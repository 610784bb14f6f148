// Weekly usage points are kept `retention_days` (settings) and no longer.
import type { Database } from "../db/open-database.js";
import { loadSettings } from "../settings/load-settings.js";

const DAY_MS = 86_400_000;

export async function pruneUsageHistory(db: Pick<Database, "prisma">, now: Date): Promise<number> {
  const installations = await db.prisma.installation.findMany({ where: { usagePoints: { some: {} } }, select: { id: true } });
  let removed = 0;
  for (const { id } of installations) {
    const { retention_days } = await loadSettings(db, id);
    const { count } = await db.prisma.usagePoint.deleteMany({
      where: { installationId: id, weekStart: { lt: new Date(now.getTime() - retention_days * DAY_MS) } },
    });
    removed += count;
  }
  return removed;
}
