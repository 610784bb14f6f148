// How long each finished sync run in the run history took, for the duration histogram.
import type { Database } from "../db/open-database.js";

export type SyncRunDuration = { target: string; status: string; seconds: number };

export async function readSyncRunDurations(db: Pick<Database, "sql">): Promise<SyncRunDuration[]> {
  const rows = await db.sql.query<{ target: string; status: string; seconds: string | number }>(
    `SELECT target, status, extract(epoch FROM finished_at - started_at) AS seconds
       FROM sync_runs WHERE started_at IS NOT NULL AND finished_at IS NOT NULL AND status IN ('success', 'failed')`,
  );
  return rows.map((row) => ({ target: row.target, status: row.status, seconds: Math.max(0, Number(row.seconds)) }));
}
