// After a graceful stop: a run whose job pg-boss handed back (failed "pg-boss shut down while
// active", now waiting for its retry) would still read "running" until a worker picks it up again,
// which may be minutes. Nobody runs it: say so in the run history, as a failed attempt with its
// retry time, the way a failed attempt always shows. The server's failure count is left alone: the
// GHES instance did nothing wrong.
import type { SqlClient } from "../db/sql-client.js";
import { QUEUES } from "../jobs/index.js";

export const HANDED_BACK = "the app stopped during the job; it will be retried";

/** The ids of the runs written as handed back. */
export async function markHandedBackRuns(sql: SqlClient, now: Date): Promise<string[]> {
  const rows = await sql.query<{ id: string }>(
    `UPDATE sync_runs r
        SET status = 'failed', finished_at = $2, error = $3, next_retry_at = j.start_after
       FROM pgboss.job j
      WHERE j.name = ANY($1::text[]) AND j.state = 'retry' AND r.job_id = j.id::text AND r.status = 'running'
  RETURNING r.id`,
    [[QUEUES.server, QUEUES.cloud], now, HANDED_BACK],
  );
  return rows.map((r) => r.id);
}
