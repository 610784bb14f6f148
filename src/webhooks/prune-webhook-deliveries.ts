// Delivery ids are kept long enough to recognise GitHub's redeliveries (GitHub lets a delivery be
// redelivered for a few days); older ones are deleted so the table stays small. An unfinished
// claim that old belongs to a process that died and would be taken over anyway (STALE_CLAIM_MS).
import type { Database } from "../db/open-database.js";

export const DELIVERY_RETENTION_DAYS = 30;
const DAY_MS = 24 * 60 * 60 * 1000;

export async function pruneWebhookDeliveries(db: Pick<Database, "prisma">, now: Date, retentionDays = DELIVERY_RETENTION_DAYS): Promise<number> {
  const { count } = await db.prisma.webhookDelivery.deleteMany({
    where: { receivedAt: { lt: new Date(now.getTime() - retentionDays * DAY_MS) } },
  });
  return count;
}
