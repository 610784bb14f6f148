// Idempotent deliveries: a delivery id (`X-GitHub-Delivery`) is claimed by inserting it before any
// work. The primary key decides between two replicas receiving the same delivery at the same
// moment: one insert wins, the other is told "duplicate". A claim whose processing failed is
// released so a redelivery is processed; one left behind by a crashed process expires.
import type { Database } from "../db/open-database.js";

export type DeliveryRef = { id: string; event: string; action?: string };

/** A claim not finished after this long belongs to a process that died. */
export const STALE_CLAIM_MS = 10 * 60 * 1000;

export async function claimDelivery(db: Pick<Database, "prisma">, delivery: DeliveryRef, now: Date): Promise<"claimed" | "duplicate"> {
  const { count } = await db.prisma.webhookDelivery.createMany({
    data: [{ id: delivery.id, event: delivery.event, action: delivery.action ?? null, receivedAt: now }],
    skipDuplicates: true,
  });
  if (count === 1) return "claimed";
  const stale = await db.prisma.webhookDelivery.updateMany({
    where: { id: delivery.id, finishedAt: null, receivedAt: { lt: new Date(now.getTime() - STALE_CLAIM_MS) } },
    data: { receivedAt: now },
  });
  return stale.count === 1 ? "claimed" : "duplicate";
}

export async function finishDelivery(db: Pick<Database, "prisma">, id: string, outcome: string, now: Date): Promise<void> {
  await db.prisma.webhookDelivery.update({ where: { id }, data: { finishedAt: now, outcome: outcome.slice(0, 500) } });
}

/** Processing failed: forget the claim so GitHub's redelivery of the same id is processed. */
export async function releaseDelivery(db: Pick<Database, "prisma">, id: string): Promise<void> {
  await db.prisma.webhookDelivery.deleteMany({ where: { id, finishedAt: null } });
}
