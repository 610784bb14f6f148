// The `sync_runs` row of a server or cloud run through its life (queued → running → success |
// failed), and the server's `last_sync*` summary beside it. Plain SQL on a session, so each write
// can share a transaction with the pg-boss call it belongs to.
import type { SqlSession } from "../db/sql-client.js";
import type { RunInfo } from "./job-context.js";

type RunRow = {
  id: string;
  installation_id: number;
  server_id: string | null;
  kind: string;
  attempt: number;
  triggered_by: string | null;
};

const toRunInfo = (row: RunRow): RunInfo => ({
  id: row.id,
  installationId: row.installation_id,
  serverId: row.server_id,
  kind: row.kind,
  attempt: row.attempt,
  triggeredBy: row.triggered_by,
});

/** null when the run is gone (its server was deleted). */
export async function markRunStarted(sql: SqlSession, runId: string, jobId: string, now: Date): Promise<RunInfo | null> {
  const [row] = await sql.query<RunRow>(
    `UPDATE sync_runs
        SET status = 'running', attempt = attempt + 1, job_id = $2, started_at = $3,
            finished_at = NULL, error = NULL, next_retry_at = NULL
      WHERE id = $1
  RETURNING id, installation_id, server_id, kind, attempt, triggered_by`,
    [runId, jobId, now],
  );
  return row ? toRunInfo(row) : null;
}

// Both outcomes apply only to the attempt that is still running: an attempt abandoned by a stopped
// or expired worker that ends late must not overwrite the attempt that replaced it. Each is one
// statement, so the run and its server's summary change together.

/** false when the attempt was superseded and nothing was written. */
export async function markRunSucceeded(sql: SqlSession, run: RunInfo, usersSeen: number | null, now: Date): Promise<boolean> {
  const [row] = await sql.query<{ runs: number }>(
    `WITH run AS (
       UPDATE sync_runs SET status = 'success', finished_at = $2, users_seen = $3, error = NULL, next_retry_at = NULL
        WHERE id = $1 AND status = 'running' AND attempt = $4
    RETURNING server_id
     ), server AS (
       UPDATE ghes_servers
          SET last_sync_at = $2, last_sync_status = 'success', last_sync_error = NULL, last_sync_source = 'synced',
              consecutive_failures = 0, updated_at = $2
        WHERE id IN (SELECT server_id FROM run)
    RETURNING id
     )
     SELECT (SELECT count(*) FROM run)::int AS runs, (SELECT count(*) FROM server)::int AS servers`,
    [run.id, now, usersSeen, run.attempt],
  );
  return (row?.runs ?? 0) > 0;
}

export type Failure = {
  error: string;
  nextRetryAt: Date | null;
  /** false when nothing was attempted (the server was switched off meanwhile): no failure counted */
  counts: boolean;
  pauseServer?: string;
};

/** false when the attempt was superseded and nothing was written. */
export async function markRunFailed(sql: SqlSession, run: RunInfo, failure: Failure, now: Date): Promise<boolean> {
  const [row] = await sql.query<{ runs: number }>(
    `WITH run AS (
       UPDATE sync_runs SET status = 'failed', finished_at = $2, error = $3, next_retry_at = $4
        WHERE id = $1 AND status = 'running' AND attempt = $5
    RETURNING server_id
     ), server AS (
       UPDATE ghes_servers
          SET last_sync_at = $2, last_sync_status = 'failed', last_sync_error = $3,
              consecutive_failures = consecutive_failures + 1,
              paused_reason = COALESCE($7, paused_reason), updated_at = $2
        WHERE id IN (SELECT server_id FROM run) AND $6::boolean
    RETURNING id
     )
     SELECT (SELECT count(*) FROM run)::int AS runs, (SELECT count(*) FROM server)::int AS servers`,
    [run.id, now, failure.error, failure.nextRetryAt, run.attempt, failure.counts, failure.pauseServer ?? null],
  );
  return (row?.runs ?? 0) > 0;
}
