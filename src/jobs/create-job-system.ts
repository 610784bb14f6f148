// The job layer: pg-boss 10 on the app's own database (PGlite or PostgreSQL), its queues, the cron
// fan-out, the workers, and the typed functions that queue work.
import PgBoss from "pg-boss";
import type { Logger } from "pino";
import type { AppConfig } from "../config/env.js";
import type { Database } from "../db/open-database.js";
import { bossDatabase } from "./boss-database.js";
import { lateCompletionsDropped } from "./late-completions-dropped.js";
import { enqueueRecount } from "./enqueue-recount.js";
import { enqueueRun, type EnqueuedRun, type EnqueueOptions } from "./enqueue-run.js";
import { executeRun, type RunJobData } from "./execute-run.js";
import { fanOut, type FanOutResult } from "./fan-out.js";
import { jobSettingsFor, type JobContext, type JobSettings, type RunInfo, type SyncOutcome } from "./job-context.js";
import { installQueues } from "./install-queues.js";
import { QUEUES } from "./queues.js";
import { recoverAbandonedJobs } from "./recover-abandoned-jobs.js";
import { runRecountJob, type RecountJobData } from "./run-recount-job.js";
import { cloudEligibility, serverEligibility } from "./sync-eligibility.js";

export type JobSystemDeps = {
  db: Database;
  config: Pick<AppConfig, "syncCron">;
  log: Logger;
  now?: () => Date;
  /** removes known secrets from error text before it is stored (SecretRegistry.scrub) */
  scrub?: (text: string) => string;
  syncServer: (serverId: string, run: RunInfo) => Promise<SyncOutcome>;
  syncCloud: (installationId: number, run: RunInfo) => Promise<SyncOutcome>;
  recount: (installationId: number) => Promise<void>;
  settings?: Partial<JobSettings>;
  /** run the workers in this process (issue 7's "worker" role); default true */
  work?: boolean;
  /** evaluate the cron schedule and run pg-boss maintenance in this process; default = work */
  schedule?: boolean;
};

export type JobSystem = {
  start(): Promise<void>;
  /** Stops taking jobs and waits up to `timeoutSeconds` for running ones; the rest are retried later. */
  stop(options?: { timeoutSeconds?: number }): Promise<void>;
  /** "Sync now" (kind "manual") or a scheduled pull of one server. */
  enqueueServerSync(serverId: string, options: EnqueueOptions): Promise<EnqueuedRun>;
  enqueueCloudSync(installationId: number, options: EnqueueOptions): Promise<EnqueuedRun>;
  /** null when a recount of the installation is already waiting */
  enqueueRecount(installationId: number): Promise<string | null>;
  /** what the cron tick does; exposed for an operator's "sync everything now" */
  fanOut(): Promise<FanOutResult>;
  readonly boss: PgBoss;
};

// Lock names held per database client, shared by every job system on it: on PGlite the set is the
// whole guard, so two systems on one embedded database must see each other's.
const heldByDatabase = new WeakMap<object, Set<string>>();
function heldLocks(sql: object): Set<string> {
  let held = heldByDatabase.get(sql);
  if (!held) heldByDatabase.set(sql, (held = new Set()));
  return held;
}

export function createJobSystem(deps: JobSystemDeps): JobSystem {
  const settings = jobSettingsFor(deps.db.sql.kind, deps.settings);
  const work = deps.work ?? true;
  const schedule = deps.schedule ?? work;
  let stopped = false;
  const boss = new PgBoss({
    db: lateCompletionsDropped(bossDatabase(deps.db.sql), () => stopped, deps.log),
    schedule,
    supervise: schedule,
    pollingIntervalSeconds: settings.pollingIntervalSeconds,
    cronMonitorIntervalSeconds: settings.cronMonitorIntervalSeconds,
    cronWorkerIntervalSeconds: settings.cronWorkerIntervalSeconds,
    maintenanceIntervalSeconds: settings.maintenanceIntervalSeconds,
  });
  const workers = new Map<string, string[]>();
  let recoveryTimer: NodeJS.Timeout | undefined;
  const ctx: JobContext = {
    boss,
    db: deps.db,
    log: deps.log,
    now: deps.now ?? (() => new Date()),
    settings,
    held: heldLocks(deps.db.sql),
    scrub: deps.scrub ?? ((text) => text),
    notify: (queue) => {
      for (const id of workers.get(queue) ?? []) boss.notifyWorker(id);
    },
  };

  const enqueueServerSync = (serverId: string, options: EnqueueOptions) =>
    enqueueRun(
      ctx,
      { target: "server", queue: QUEUES.server, key: serverId, serverId, describe: `server ${serverId}`, eligibility: (tx) => serverEligibility(tx, serverId) },
      options,
    );
  const enqueueCloudSync = (installationId: number, options: EnqueueOptions) =>
    enqueueRun(
      ctx,
      {
        target: "cloud",
        queue: QUEUES.cloud,
        key: String(installationId),
        serverId: null,
        describe: `installation ${installationId}`,
        eligibility: (tx) => cloudEligibility(tx, installationId),
      },
      options,
    );

  const addWorkers = async <T extends object>(queue: string, count: number, handler: (job: PgBoss.JobWithMetadata<T>) => Promise<unknown>) => {
    const ids: string[] = [];
    for (let i = 0; i < count; i++) {
      ids.push(
        await boss.work<T>(queue, { batchSize: 1, includeMetadata: true, pollingIntervalSeconds: settings.pollingIntervalSeconds }, async ([job]) =>
          job ? handler(job) : undefined,
        ),
      );
    }
    workers.set(queue, ids);
  };

  const start = async () => {
    boss.on("error", (error: Error) => deps.log.error({ err: error }, `job queue error: ${ctx.scrub(error.message)}`));
    await installQueues(
      boss,
      deps.db.sql,
      { retry: settings.retry, syncExpireSeconds: settings.syncExpireSeconds },
      schedule ? deps.config.syncCron : null,
    );
    if (!work) return;
    await addWorkers(QUEUES.fanout, 1, () => fanOut(ctx, { enqueueServerSync, enqueueCloudSync }));
    await addWorkers<RunJobData>(QUEUES.server, settings.concurrency.server, (job) =>
      executeRun(ctx, job, {
        queue: QUEUES.server,
        eligibility: () => serverEligibility(deps.db.sql, job.data.key),
        work: (run) => deps.syncServer(job.data.key, run),
      }),
    );
    await addWorkers<RunJobData>(QUEUES.cloud, settings.concurrency.cloud, (job) =>
      executeRun(ctx, job, {
        queue: QUEUES.cloud,
        eligibility: () => cloudEligibility(deps.db.sql, Number(job.data.key)),
        work: (run) => deps.syncCloud(Number(job.data.key), run),
      }),
    );
    await addWorkers<RecountJobData>(QUEUES.recount, settings.concurrency.recount, (job) => runRecountJob(ctx, job, deps.recount));
    const recover = () =>
      recoverAbandonedJobs(ctx).catch((error: unknown) => {
        deps.log.error({ err: error }, "could not recover abandoned jobs");
        return 0;
      });
    await recover();
    recoveryTimer = setInterval(() => void recover(), settings.recoverIntervalSeconds * 1000);
    recoveryTimer.unref();
  };

  return {
    start,
    stop: async (options = {}) => {
      clearInterval(recoveryTimer);
      await boss.stop({ graceful: true, wait: true, close: false, timeout: (options.timeoutSeconds ?? 30) * 1000 });
      stopped = true;
    },
    enqueueServerSync,
    enqueueCloudSync,
    enqueueRecount: (installationId) => enqueueRecount(ctx, installationId),
    fanOut: () => fanOut(ctx, { enqueueServerSync, enqueueCloudSync }),
    boss,
  };
}
