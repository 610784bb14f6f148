// A job whose subject is being worked on elsewhere (another replica, or a duplicate left by an
// expired attempt) is put back a little later instead of waiting on a held connection.
import type PgBoss from "pg-boss";
import type { JobContext } from "./job-context.js";

type DeferrableData = { runId?: string };

export async function deferJob(ctx: JobContext, queue: string, job: PgBoss.JobWithMetadata<object>): Promise<string | null> {
  const data = job.data as DeferrableData;
  const jobId = await ctx.boss.send(queue, job.data, {
    singletonKey: job.singletonKey ?? undefined,
    startAfter: ctx.settings.deferSeconds,
    // The put-back job keeps the retries this one had left.
    retryLimit: Math.max(0, job.retryLimit - job.retryCount),
  });
  if (data.runId) {
    if (jobId) {
      await ctx.db.sql.query(`UPDATE sync_runs SET job_id = $2 WHERE id = $1`, [data.runId, jobId]);
    } else {
      // Another job for the same subject is already waiting and will do this run's work.
      await ctx.db.sql.query(
        `UPDATE sync_runs SET status = 'failed', finished_at = $2, error = 'superseded by another queued sync', next_retry_at = NULL
          WHERE id = $1 AND status IN ('queued', 'failed')`,
        [data.runId, ctx.now()],
      );
    }
  }
  ctx.log.debug({ queue, key: job.singletonKey, deferredTo: jobId }, "subject busy elsewhere; job put back");
  return jobId;
}
