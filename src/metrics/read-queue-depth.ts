// How many jobs wait (or run) in each pg-boss queue, and how old the oldest waiting one is. Read
// from pg-boss's own table at scrape time; before pg-boss has installed its schema (a replica
// without the engine, the first seconds of a new database) there is simply no queue.
import type { Database } from "../db/open-database.js";

export type QueueDepth = { queue: string; state: string; jobs: number; oldestSeconds: number };

export async function readQueueDepth(db: Pick<Database, "sql">): Promise<QueueDepth[]> {
  const [exists] = await db.sql.query<{ table: string | null }>("SELECT to_regclass('pgboss.job')::text AS table");
  if (!exists?.table) return [];
  const rows = await db.sql.query<{ name: string; state: string; jobs: string | number; oldest: string | number | null }>(
    `SELECT name, state::text AS state, count(*) AS jobs, extract(epoch FROM now() - min(created_on)) AS oldest
       FROM pgboss.job WHERE state IN ('created', 'retry', 'active') GROUP BY name, state ORDER BY name, state`,
  );
  return rows.map((row) => ({ queue: row.name, state: row.state, jobs: Number(row.jobs), oldestSeconds: Number(row.oldest ?? 0) }));
}
