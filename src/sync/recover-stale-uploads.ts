// A manual upload is processed by the process that received it, right after answering (see
// accept-upload.ts). If that process dies first (kill -9, a lost machine, a stop that ran out of
// time), nothing would ever finish the upload and it would read PENDING for good. The uploads table
// has no column saying which live process is working on an upload (no owner, no heartbeat), so its
// age is the honest mechanism: an upload PENDING far longer than any real processing takes is
// recorded as FAILURE, with a reason that tells the owner what to do.
//
// The server's user list is never touched here, and needs no repair: the new list is written under
// a snapshot of its own and put in force in one short transaction (replace-server-snapshot.ts), so
// an interrupted upload left the previous list in force. (A partial snapshot left by a crash is not
// in force and is removed by the server's next replacement.) One narrow case: a process that died
// between that transaction and recording SUCCESS leaves the new list in force but the upload
// PENDING; uploading the file again then puts the same users in force and queues the recount.
import type { SqlSession } from "../db/sql-client.js";

export const UPLOAD_STOPPED = "processing stopped (the app restarted before it finished); upload the file again";

/**
 * How long an upload may stay PENDING before it counts as abandoned. Processing takes seconds for
 * a real report and a few minutes at most for the largest accepted file (64 MB, some 400,000
 * users) on a busy database; 30 minutes is well above that, and short enough that an owner does
 * not wait long for the verdict.
 */
export const STALE_UPLOAD_MINUTES = 30;

export type FailedUpload = { id: string; server_id: string; installation_id: number };

/**
 * Records the PENDING uploads chosen by `which` (and their runs, while queued or running) as
 * FAILURE with UPLOAD_STOPPED, dropping their bodies; in one statement, so a finished upload is
 * never overwritten.
 */
export async function failPendingUploads(sql: SqlSession, which: { ids: string[] } | { createdBefore: Date }, now: Date): Promise<FailedUpload[]> {
  const [condition, value] = "ids" in which ? ["id = ANY($1::text[])", which.ids] : ["created_at < $1", which.createdBefore];
  return sql.query<FailedUpload>(
    `WITH failed AS (
       UPDATE uploads SET state = 'FAILURE', error = $2, content = NULL, finished_at = $3
        WHERE state = 'PENDING' AND ${condition}
    RETURNING id, run_id, server_id, installation_id
     ), runs AS (
       UPDATE sync_runs SET status = 'failed', finished_at = $3, error = $2
        WHERE id IN (SELECT run_id FROM failed) AND status IN ('queued', 'running')
     )
     SELECT id, server_id, installation_id FROM failed ORDER BY id`,
    [value, UPLOAD_STOPPED, now],
  );
}

/** Housekeeping: the uploads PENDING for longer than STALE_UPLOAD_MINUTES, recorded as FAILURE. */
export async function recoverStaleUploads(db: { sql: SqlSession }, now: Date): Promise<FailedUpload[]> {
  return failPendingUploads(db.sql, { createdBefore: new Date(now.getTime() - STALE_UPLOAD_MINUTES * 60_000) }, now);
}
