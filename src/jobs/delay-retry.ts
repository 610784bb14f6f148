// Moves a failed job's pending retry to a later start. pg-boss 10 has no call for this: its `fail`
// computes `start_after` from the queue's back-off in the statement that moves the job to "retry".
// Changing that one column afterwards, in the same transaction, keeps a single job (its id stays
// the run's `job_id`, its retry count and back-off go on growing) rather than failing it for good
// and sending a copy, which the queue's one-waiting-job-per-key policy could refuse.
import type { SqlSession } from "../db/sql-client.js";

/** false when the job is no longer waiting for a retry (someone else moved it on). */
export async function delayRetry(tx: SqlSession, queue: string, jobId: string, startAfter: Date): Promise<boolean> {
  const rows = await tx.query(
    `UPDATE pgboss.job SET start_after = $3 WHERE name = $1 AND id = $2 AND state = 'retry' RETURNING id`,
    [queue, jobId, startAfter],
  );
  return rows.length > 0;
}
