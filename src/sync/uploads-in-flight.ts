// The manual uploads this process is turning into snapshots right now (processing starts after
// the HTTP answer, so closing the HTTP server does not wait for it). The graceful stop lets them
// finish within the shutdown grace period; one still going near its end is stopped at its next row,
// which removes its partial snapshot and records it as FAILURE with UPLOAD_STOPPED, so the database
// never closes under an upload that would then read PENDING for good. A process that dies without
// a graceful stop is covered by the housekeeping (recover-stale-uploads.ts).
import type { Database } from "../db/open-database.js";
import { failPendingUploads, UPLOAD_STOPPED } from "./recover-stale-uploads.js";

export { UPLOAD_STOPPED };

export class UploadStoppedError extends Error {
  constructor() {
    super(UPLOAD_STOPPED);
    this.name = "UploadStoppedError";
  }
}

type InFlight = { done: Promise<unknown>; abort: AbortController };

/** Per database, so that several apps in one process (tests) each wait only for their own. */
const registries = new WeakMap<Database, Map<string, InFlight>>();

function registry(db: Database): Map<string, InFlight> {
  let running = registries.get(db);
  if (!running) registries.set(db, (running = new Map()));
  return running;
}

/** Runs `work` for an upload, known to the stop until it settles; `signal` aborts at the stop. */
export function trackUpload<T>(db: Database, uploadId: string, work: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const running = registry(db);
  const abort = new AbortController();
  const done = (async () => work(abort.signal))();
  const entry: InFlight = { done, abort };
  running.set(uploadId, entry);
  const forget = () => {
    if (running.get(uploadId) === entry) running.delete(uploadId);
  };
  done.then(forget, forget);
  return done;
}

/** The ids of the uploads being processed on `db` by this process. */
export function uploadsInFlight(db: Database): string[] {
  return [...registry(db).keys()];
}

const TIMED_OUT = Symbol("timed out");

async function within(promise: Promise<unknown>, ms: number): Promise<unknown> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise((resolve) => {
    timer = setTimeout(() => resolve(TIMED_OUT), Math.max(0, ms));
    timer.unref();
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

const settled = (entries: InFlight[]) => Promise.allSettled(entries.map((e) => e.done));

export type UploadStopLog = { info(obj: object, msg: string): void; warn(obj: object, msg: string): void };

/** How long a stopped upload gets to remove its partial snapshot and record its FAILURE. */
export const STOPPED_UPLOAD_MS = 5_000;

/**
 * Waits for the uploads in flight until `deadline` (epoch ms), then stops the rest and gives them
 * `stoppedMs` (STOPPED_UPLOAD_MS) to record their FAILURE; any still not settled (a hung database)
 * is written FAILURE directly, if the database answers within STOPPED_UPLOAD_MS. Returns the ids
 * of the uploads that were stopped.
 */
export async function settleUploadsInFlight(
  db: Database,
  deadline: number,
  log: UploadStopLog,
  options: { now?: () => Date; stoppedMs?: number } = {},
): Promise<string[]> {
  const { now = () => new Date(), stoppedMs = STOPPED_UPLOAD_MS } = options;
  const running = registry(db);
  if (running.size === 0) return [];
  log.info({ uploads: [...running.keys()] }, "Stopping: waiting for uploads being processed");
  await within(settled([...running.values()]), deadline - Date.now());
  const stopped = [...running.keys()];
  if (stopped.length === 0) return [];
  const rest = [...running.values()];
  for (const { abort } of rest) abort.abort(new UploadStoppedError());
  await within(settled(rest), stoppedMs);
  const hung = [...running.keys()];
  if (hung.length > 0) {
    const marked = await within(failPendingUploads(db.sql, { ids: hung }, now()), STOPPED_UPLOAD_MS).catch(() => TIMED_OUT);
    if (marked === TIMED_OUT) log.warn({ uploads: hung }, "Stopping: uploads still PENDING; the housekeeping records them as failed later");
  }
  log.warn({ uploads: stopped, reason: UPLOAD_STOPPED }, "Stopping: uploads not finished within the grace period were stopped");
  return stopped;
}

/**
 * The two steps of the graceful stop for uploads, so that they share the grace period of the jobs'
 * stop instead of adding to it: `begin` (registered after the engine, so it runs before the
 * engine's stop) sets the deadline; `finish` (registered before, so it runs after) waits for it.
 * A processed upload then still enqueues its recount: the job queue takes jobs after its stop.
 */
export function uploadStopSteps(db: Database, graceSeconds: number, log: UploadStopLog): { begin: () => Promise<void>; finish: () => Promise<void> } {
  let deadline: number | undefined;
  // The last seconds are for stopping what is left, so the whole stays within the grace period.
  const waitMs = Math.max(0, graceSeconds * 1000 - STOPPED_UPLOAD_MS);
  return {
    begin: async () => {
      deadline ??= Date.now() + waitMs;
    },
    finish: async () => {
      await settleUploadsInFlight(db, deadline ?? Date.now() + waitMs, log);
    },
  };
}
