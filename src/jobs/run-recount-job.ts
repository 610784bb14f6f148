// Recounts an installation's consumed licenses once its pulls are done. A recount that finds a
// pull still queued or running does nothing: that pull asks for another recount when it ends.
import { randomUUID } from "node:crypto";
import type PgBoss from "pg-boss";
import { deferJob } from "./defer-job.js";
import { describeError, type JobContext } from "./job-context.js";
import { cloudEligibility } from "./sync-eligibility.js";
import { subjectLockName } from "./subject-lock-name.js";
import { withExclusiveLock } from "./with-exclusive-lock.js";

export type RecountJobData = { installationId: number };
export type RecountResult = { installationId: number; status: "success" | "waiting" | "skipped" | "deferred"; runId?: string };

export async function runRecountJob(
  ctx: JobContext,
  job: PgBoss.JobWithMetadata<RecountJobData>,
  recount: (installationId: number) => Promise<void>,
): Promise<RecountResult> {
  const { installationId } = job.data;
  const outcome = await withExclusiveLock(ctx.db.sql, ctx.held, subjectLockName(job.name, job.data) ?? `recount:${installationId}`, async (): Promise<RecountResult> => {
    const [pending] = await ctx.db.sql.query<{ count: number }>(
      `SELECT count(*)::int AS count FROM sync_runs
        WHERE installation_id = $1 AND target IN ('server', 'cloud') AND status IN ('queued', 'running')`,
      [installationId],
    );
    if ((pending?.count ?? 0) > 0) return { installationId, status: "waiting" };
    const eligibility = await cloudEligibility(ctx.db.sql, installationId);
    if (!eligibility || eligibility.refusal) return { installationId, status: "skipped" };

    const runId = randomUUID();
    const startedAt = ctx.now();
    await ctx.db.sql.query(
      `INSERT INTO sync_runs (id, installation_id, kind, target, status, attempt, job_id, queued_at, started_at)
       VALUES ($1, $2, 'scheduled', 'recount', 'running', $3, $4, $5, $5)`,
      [runId, installationId, job.retryCount + 1, job.id, startedAt],
    );
    try {
      await recount(installationId);
    } catch (error) {
      await ctx.db.sql.query(`UPDATE sync_runs SET status = 'failed', finished_at = $2, error = $3 WHERE id = $1`, [
        runId,
        ctx.now(),
        describeError(ctx, error),
      ]);
      throw error; // pg-boss retries the recount (queue retry settings)
    }
    await ctx.db.sql.query(`UPDATE sync_runs SET status = 'success', finished_at = $2 WHERE id = $1`, [runId, ctx.now()]);
    return { installationId, status: "success", runId };
  });
  if (outcome.acquired) return outcome.value;
  await deferJob(ctx, job.name, job);
  return { installationId, status: "deferred" };
}
