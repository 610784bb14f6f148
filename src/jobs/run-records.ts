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
// or expired worker that ends late must not overwrite the attempt that replaced it.
const STILL_RUNNING = `status = 'running' AND attempt = $ATTEMPT`;

/** false when the attempt was superseded and nothing was written. */
export async function markRunSucceeded(sql: SqlSession, run: RunInfo, usersSeen: number | null, now: Date): Promise<boolean> {
  const updated = await sql.query(
    `UPDATE sync_runs SET status = 'success', finished_at = $2, users_seen = $3, error = NULL, next_retry_at = NULL
      WHERE id = $1 AND ${STILL_RUNNING.replace("$ATTEMPT", "$4")} RETURNING id`,
    [run.id, now, usersSeen, run.attempt],
  );
  if (updated.length === 0) return false;
  if (run.serverId) {
    await sql.query(
      `UPDATE ghes_servers
          SET last_sync_at = $2, last_sync_status = 'success', last_sync_error = NULL, last_sync_source = 'synced',
              consecutive_failures = 0, updated_at = $2
        WHERE id = $1`,
      [run.serverId, now],
    );
  }
  return true;
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
  const updated = await sql.query(
    `UPDATE sync_runs SET status = 'failed', finished_at = $2, error = $3, next_retry_at = $4
      WHERE id = $1 AND ${STILL_RUNNING.replace("$ATTEMPT", "$5")} RETURNING id`,
    [run.id, now, failure.error, failure.nextRetryAt, run.attempt],
  );
  if (updated.length === 0) return false;
  if (run.serverId && failure.counts) {
    await sql.query(
      `UPDATE ghes_servers
          SET last_sync_at = $2, last_sync_status = 'failed', last_sync_error = $3,
              consecutive_failures = consecutive_failures + 1,
              paused_reason = COALESCE($4, paused_reason), updated_at = $2
        WHERE id = $1`,
      [run.serverId, now, failure.error, failure.pauseServer ?? null],
    );
  }
  return true;
}
