// Idempotent deliveries: a delivery id (`X-GitHub-Delivery`) is claimed by inserting it before any
// work. The primary key decides between two replicas receiving the same delivery at the same
// moment: one insert wins, the other is told "duplicate". A claim whose processing failed is
// released so a redelivery is processed; one left behind by a crashed process expires.
// A delivery whose payload alone says there is nothing to do is never claimed (with-delivery.ts).
// Every other webhook passes here, so these are single raw statements (Prisma's query compiler costs
// several times the statement itself on this path; see `npm run bench:load`).
import type { Database } from "../db/open-database.js";

export type DeliveryRef = { id: string; event: string; action?: string };

/** A claim not finished after this long belongs to a process that died. */
export const STALE_CLAIM_MS = 10 * 60 * 1000;

type DeliveryStore = Pick<Database, "sql">;

export async function claimDelivery(db: DeliveryStore, delivery: DeliveryRef, now: Date): Promise<"claimed" | "duplicate"> {
  const inserted = await db.sql.query(
    `INSERT INTO webhook_deliveries (id, event, action, received_at) VALUES ($1, $2, $3, $4)
     ON CONFLICT (id) DO NOTHING RETURNING id`,
    [delivery.id, delivery.event, delivery.action ?? null, now],
  );
  if (inserted.length === 1) return "claimed";
  const stale = await db.sql.query(
    `UPDATE webhook_deliveries SET received_at = $2 WHERE id = $1 AND finished_at IS NULL AND received_at < $3 RETURNING id`,
    [delivery.id, now, new Date(now.getTime() - STALE_CLAIM_MS)],
  );
  return stale.length === 1 ? "claimed" : "duplicate";
}

export async function finishDelivery(db: DeliveryStore, id: string, outcome: string, now: Date): Promise<void> {
  await db.sql.query(`UPDATE webhook_deliveries SET finished_at = $2, outcome = $3 WHERE id = $1`, [id, now, outcome.slice(0, 500)]);
}

/** Processing failed: forget the claim so GitHub's redelivery of the same id is processed. */
export async function releaseDelivery(db: DeliveryStore, id: string): Promise<void> {
  await db.sql.query(`DELETE FROM webhook_deliveries WHERE id = $1 AND finished_at IS NULL`, [id]);
}
