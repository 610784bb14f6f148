// The app's graceful stop (SIGTERM): no new HTTP requests, then the app's own clean-ups in reverse
// order of registration (the engine takes no new jobs, lets running ones finish within the grace
// period and hands the rest back to the queue for a retry elsewhere; uploads being processed get
// the same grace period, then are recorded as failed: uploads-in-flight.ts), then the database.
// Each step is bounded and logged, so an orchestrator's SIGKILL after its own grace period never
// comes first.
import type { Server as HttpServer } from "node:http";
import type { Logger } from "pino";
import type { Server } from "probot";
import type { Database } from "./db/open-database.js";

export type NamedStop = { stop: () => Promise<void>; what: string };

export type StopperOptions = {
  server: Server;
  /** the listening server, to cut connections still open after the HTTP step's bound */
  httpServer?: HttpServer;
  db: Database;
  stops: NamedStop[];
  log: Logger;
  /** how long in-flight HTTP requests may take, in seconds */
  httpGraceSeconds?: number;
  /** how long closing the database may take, in seconds */
  databaseGraceSeconds?: number;
};

const TIMED_OUT = Symbol("timed out");

/** `promise`, or TIMED_OUT once `seconds` have passed (the promise keeps running). */
async function within<T>(promise: Promise<T>, seconds: number): Promise<T | typeof TIMED_OUT> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<typeof TIMED_OUT>((resolve) => {
    timer = setTimeout(() => resolve(TIMED_OUT), seconds * 1000);
    timer.unref();
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

export function stopper(options: StopperOptions): () => Promise<void> {
  const { server, httpServer, db, stops, log } = options;
  let stopping: Promise<void> | undefined;
  return () =>
    (stopping ??= (async () => {
      log.info("Stopping: taking no new HTTP requests, finishing the ones in flight");
      const closed = server.stop();
      if ((await within(closed, options.httpGraceSeconds ?? 5)) === TIMED_OUT) {
        log.warn("Stopping: HTTP requests still open after the grace period are cut");
        httpServer?.closeAllConnections();
        await closed;
      }
      for (const { stop, what } of [...stops].reverse()) {
        log.info(`Stopping: ${what}`);
        await stop();
      }
      // A job handed back after the grace period may still hold a connection (and its server's
      // lock) until the process exits; the exit closes it, and the database releases the lock.
      if ((await within(db.close(), options.databaseGraceSeconds ?? 5)) === TIMED_OUT) {
        log.warn("Stopping: database connections still busy; the process exit closes them");
      } else {
        log.info("Stopping: database closed");
      }
      log.info("Stopped");
    })());
}
