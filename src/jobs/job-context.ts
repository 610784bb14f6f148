// What every job handler and enqueue function of one job system shares.
import type PgBoss from "pg-boss";
import type { Logger } from "pino";
import type { Database } from "../db/open-database.js";

export type JobSettings = {
  pollingIntervalSeconds: number;
  cronMonitorIntervalSeconds: number;
  cronWorkerIntervalSeconds: number;
  maintenanceIntervalSeconds: number;
  /** the fan-out spreads installations over this window */
  spreadSeconds: number;
  /** a recount waits this long after a finished job, so the jobs finishing together share one */
  recountDelaySeconds: number;
  /** a job whose server is busy elsewhere is put back for this long */
  deferSeconds: number;
  retry: { limit: number; delaySeconds: number; backoff: boolean };
  syncExpireSeconds: number;
  /** an active job whose subject nobody has locked for this long lost its worker (recover-abandoned-jobs.ts) */
  abandonedAfterSeconds: number;
  recoverIntervalSeconds: number;
  concurrency: { server: number; cloud: number; recount: number };
};

export const DEFAULT_JOB_SETTINGS: JobSettings = {
  pollingIntervalSeconds: 2,
  cronMonitorIntervalSeconds: 30,
  cronWorkerIntervalSeconds: 5,
  maintenanceIntervalSeconds: 120,
  spreadSeconds: 60 * 60,
  recountDelaySeconds: 60,
  deferSeconds: 60,
  // pg-boss backoff: the n-th retry waits between delay·2^(n-1) and delay·2^n, so 5–10 min up to
  // 80–160 min for the fifth; about five hours at most before the run stays failed.
  retry: { limit: 5, delaySeconds: 300, backoff: true },
  syncExpireSeconds: 3 * 60 * 60,
  abandonedAfterSeconds: 60,
  recoverIntervalSeconds: 60,
  concurrency: { server: 2, cloud: 1, recount: 1 },
};

/**
 * On the embedded database the process is the only one: a job it queues wakes its own workers at
 * once (`notify`), so polling only finds delayed jobs come due (retries, the recount's delay), and
 * every poll is a query run on the event loop's own thread, in front of the webhooks and API
 * requests waiting there. Fewer polls shorten their tail latency (`npm run bench:load`).
 */
export const EMBEDDED_JOB_SETTINGS: Partial<JobSettings> = {
  pollingIntervalSeconds: 10,
  cronWorkerIntervalSeconds: 30,
};

/** The settings a job system runs with on this kind of database; `overrides` (tests, JOB_SETTINGS) win. */
export function jobSettingsFor(database: "pglite" | "postgres", overrides: Partial<JobSettings> = {}): JobSettings {
  return { ...DEFAULT_JOB_SETTINGS, ...(database === "pglite" ? EMBEDDED_JOB_SETTINGS : {}), ...overrides };
}

export type RunKind = "scheduled" | "manual";

/** The run a sync function is asked to perform. */
export type RunInfo = {
  id: string;
  installationId: number;
  serverId: string | null;
  kind: string;
  attempt: number;
  triggeredBy: string | null;
};

/** What a sync function may report back. */
export type SyncOutcome = { usersSeen?: number | null } | void;

export type JobContext = {
  boss: PgBoss;
  db: Database;
  log: Logger;
  now: () => Date;
  settings: JobSettings;
  /** lock names held by this process (see with-exclusive-lock.ts) */
  held: Set<string>;
  /** removes known secrets from text that will be stored or shown */
  scrub: (text: string) => string;
  /** wakes this process's workers of a queue after a send */
  notify: (queue: string) => void;
};

const MAX_ERROR_LENGTH = 2000;

export function describeError(ctx: JobContext, error: unknown): string {
  const text = error instanceof Error ? error.message || error.name : String(error);
  return ctx.scrub(text).slice(0, MAX_ERROR_LENGTH);
}
