// Runs one server or cloud job: under the subject's lock, marks the run running, calls the sync
// function, records the outcome, and asks for the installation's recount. The job's retry is
// pg-boss's own (queue retryLimit / retryDelay / retryBackoff); this handler fails the job itself
// so that the retry time pg-boss picks is written to the run in the same transaction. When the
// server said when to come back (rate limits, 503 + Retry-After: retry-hint.ts), that retry is
// moved to the header's time (delay-retry.ts) and the run's error says so. Writing the failure
// waits a little for a database that went away (database-unavailable.ts), so the run records
// what happened rather than being found abandoned later.
import type PgBoss from "pg-boss";
import { bossDatabase } from "./boss-database.js";
import { whileDatabaseReturns } from "./database-unavailable.js";
import { deferJob } from "./defer-job.js";
import { delayRetry } from "./delay-retry.js";
import { dropStaleRetries } from "./drop-stale-retries.js";
import { enqueueRecount } from "./enqueue-recount.js";
import { SyncRefusedError, TokenRejectedError } from "./errors.js";
import { describeError, type JobContext, type RunInfo, type SyncOutcome } from "./job-context.js";
import type { Eligibility } from "./sync-eligibility.js";
import { noRetryNote, planRetry, retryHintOf } from "./retry-hint.js";
import { markRunFailed, markRunStarted, markRunSucceeded } from "./run-records.js";
import { subjectLockName } from "./subject-lock-name.js";
import { withExclusiveLock } from "./with-exclusive-lock.js";

export type RunJobData = { runId: string; target: "server" | "cloud"; key: string };

export type RunJobSpec = {
  queue: string;
  eligibility: () => Promise<Eligibility | null>;
  work: (run: RunInfo) => Promise<SyncOutcome>;
};

export type RunJobResult = { runId: string; status: "success" | "failed" | "deferred" | "gone" };

export async function executeRun(ctx: JobContext, job: PgBoss.JobWithMetadata<RunJobData>, spec: RunJobSpec): Promise<RunJobResult> {
  const lockName = subjectLockName(spec.queue, job.data) ?? `${job.data.target}:${job.data.key}`;
  const outcome = await withExclusiveLock(ctx.db.sql, ctx.held, lockName, () => attempt(ctx, job, spec));
  if (outcome.acquired) return outcome.value;
  await deferJob(ctx, spec.queue, job);
  return { runId: job.data.runId, status: "deferred" };
}

async function attempt(ctx: JobContext, job: PgBoss.JobWithMetadata<RunJobData>, spec: RunJobSpec): Promise<RunJobResult> {
  const { runId } = job.data;
  const run = await markRunStarted(ctx.db.sql, runId, job.id, ctx.now());
  if (!run) return { runId, status: "gone" };

  const eligibility = await spec.eligibility();
  if (!eligibility || eligibility.refusal) {
    // Switched off, paused or uninstalled since it was queued: nothing was tried, nothing to retry.
    const reason = eligibility?.refusal ?? "it no longer exists";
    await markRunFailed(ctx.db.sql, run, { error: `not synced: ${reason}`, nextRetryAt: null, counts: false }, ctx.now());
    // A recount that waited for this run would otherwise wait for good.
    await enqueueRecount(ctx, run.installationId);
    return { runId, status: "failed" };
  }

  let result: SyncOutcome;
  try {
    result = await spec.work(run);
  } catch (error) {
    await whileDatabaseReturns(() => recordFailure(ctx, job, spec.queue, run, error));
    await enqueueRecount(ctx, run.installationId);
    return { runId, status: "failed" };
  }
  // Bookkeeping errors from here on fail the job (pg-boss retries it), not the finished sync.
  if (await markRunSucceeded(ctx.db.sql, run, result?.usersSeen ?? null, ctx.now())) {
    await dropStaleRetries(ctx, spec.queue, job.data.target, run);
  }
  ctx.log.info({ runId, target: job.data.target, key: job.data.key }, "sync run succeeded");
  await enqueueRecount(ctx, run.installationId);
  return { runId, status: "success" };
}

async function recordFailure(
  ctx: JobContext,
  job: PgBoss.JobWithMetadata<RunJobData>,
  queue: string,
  run: RunInfo,
  error: unknown,
): Promise<void> {
  const message = describeError(ctx, error);
  const rejected = error instanceof TokenRejectedError && run.serverId !== null;
  // The sync found it may not run (registrant no longer an owner, token removed): retrying cannot help.
  const refused = error instanceof SyncRefusedError;
  const final = rejected || refused;
  const hint = final ? null : retryHintOf(error);
  const { nextRetryAt, recorded } = await ctx.db.sql.transaction(async (tx) => {
    const db = bossDatabase(tx);
    const current = await ctx.boss.getJobById(queue, job.id, { db, includeArchive: false });
    // pg-boss may already have failed this attempt (stopped worker, expiry) and started another:
    // failing the job again would fail that one.
    if (current?.state === "active" && current.retryCount === job.retryCount) {
      if (final) await ctx.boss.cancel(queue, job.id, { db });
      else await ctx.boss.fail(queue, job.id, { message }, { db });
    }
    const after = final ? null : await ctx.boss.getJobById(queue, job.id, { db, includeArchive: false });
    let retryAt = after?.state === "retry" ? new Date(after.startAfter) : null;
    let note = "";
    if (hint && retryAt) {
      const plan = planRetry(hint, retryAt, ctx.now());
      if (plan.at.getTime() !== retryAt.getTime() && (await delayRetry(tx, queue, job.id, plan.at))) retryAt = plan.at;
      note = `; ${plan.note}`;
    } else if (hint) {
      note = `; ${noRetryNote(hint)}`;
    }
    const text = `${message}${note}`;
    await markRunFailed(
      tx,
      run,
      { error: text, nextRetryAt: retryAt, counts: !refused, pauseServer: rejected ? "token rejected" : undefined },
      ctx.now(),
    );
    return { nextRetryAt: retryAt, recorded: text };
  });
  ctx.log.warn(
    { runId: run.id, target: job.data.target, key: job.data.key, attempt: run.attempt, nextRetryAt },
    `sync run failed: ${recorded}`,
  );
}
