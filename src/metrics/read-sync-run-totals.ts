// Sync runs in the run history, grouped for the metrics scrape.
import type { Database } from "../db/open-database.js";

export type SyncRunTotal = { target: string; kind: string; status: string; runs: number; users: number };

export async function readSyncRunTotals(db: Pick<Database, "sql">): Promise<SyncRunTotal[]> {
  const rows = await db.sql.query<{ target: string; kind: string; status: string; runs: string | number; users: string | number | null }>(
    "SELECT target, kind, status, count(*) AS runs, sum(users_seen) AS users FROM sync_runs GROUP BY target, kind, status ORDER BY target, kind, status",
  );
  return rows.map((row) => ({ target: row.target, kind: row.kind, status: row.status, runs: Number(row.runs), users: Number(row.users ?? 0) }));
}
