// A worker killed in the middle of a job (kill -9, a lost machine) leaves it "active" until pg-boss
// expires it hours later. A job that has been active for a while and whose subject lock nobody
// holds has no worker: fail it now, so pg-boss retries it, and say so on its run.
import { bossDatabase } from "./boss-database.js";
import { enqueueRecount } from "./enqueue-recount.js";
import type { JobContext } from "./job-context.js";
import { QUEUES } from "./queues.js";
import { subjectLockName } from "./subject-lock-name.js";
import { withExclusiveLock } from "./with-exclusive-lock.js";

const ABANDONED = "the worker stopped during the job";

/** How many abandoned jobs were handed back for a retry. */
export async function recoverAbandonedJobs(ctx: JobContext): Promise<number> {
  const candidates = await ctx.db.sql.query<{ id: string; name: string; data: unknown; retry_count: number }>(
    `SELECT id, name, data, retry_count FROM pgboss.job
      WHERE name = ANY($1::text[]) AND state = 'active' AND started_on < now() - make_interval(secs => $2)`,
    [[QUEUES.server, QUEUES.cloud, QUEUES.recount], ctx.settings.abandonedAfterSeconds],
  );
  let recovered = 0;
  for (const job of candidates) {
    const lockName = subjectLockName(job.name, job.data);
    if (!lockName) continue;
    // Holding the subject's lock proves no live worker is on it; the job is then re-read under it.
    const outcome = await withExclusiveLock(ctx.db.sql, ctx.held, lockName, () =>
      ctx.db.sql.transaction(async (tx) => {
        const db = bossDatabase(tx);
        const current = await ctx.boss.getJobById(job.name, job.id, { db, includeArchive: false });
        if (current?.state !== "active" || current.retryCount !== job.retry_count) return null;
        await ctx.boss.fail(job.name, job.id, { message: ABANDONED }, { db });
        const after = await ctx.boss.getJobById(job.name, job.id, { db, includeArchive: false });
        const runId = (job.data as { runId?: unknown }).runId;
        if (typeof runId !== "string") return { installationId: null };
        const [run] = await tx.query<{ installation_id: number }>(
          `UPDATE sync_runs SET status = 'failed', finished_at = $2, error = $3, next_retry_at = $4
            WHERE id = $1 AND status = 'running' RETURNING installation_id`,
          [runId, ctx.now(), ABANDONED, after?.state === "retry" ? new Date(after.startAfter) : null],
        );
        return { installationId: run?.installation_id ?? null };
      }),
    );
    if (!outcome.acquired || !outcome.value) continue;
    recovered += 1;
    // A recount waiting for this run must not wait for good if no retry is left.
    if (outcome.value.installationId !== null) await enqueueRecount(ctx, outcome.value.installationId);
  }
  if (recovered > 0) ctx.log.warn({ recovered }, "handed back jobs whose worker stopped during the job");
  return recovered;
}
