// The queues and why each has its pg-boss 10 policy.
//
// pg-boss 10 policies, as its SQL implements them (src/plans.js):
// - "singleton" / "stately" put a unique index on *active* jobs per singleton key. A job whose key
//   is already active then makes every fetch of the queue fail with a unique violation that pg-boss
//   swallows, so it blocks the head of the queue: no other server's job starts until the first one
//   ends (verified on PGlite and PostgreSQL). Not usable for a fleet.
// - "short" allows one *created* (waiting) job per key and says nothing about active ones, so
//   fetching never blocks. Sending a second waiting job for the same key returns null.
// So: "short" keyed by server / installation keeps one waiting job each, and the advisory lock in
// with-exclusive-lock.ts keeps one running.
import type PgBoss from "pg-boss";

export const QUEUES = {
  fanout: "sync-fanout",
  server: "sync-server",
  cloud: "sync-cloud",
  recount: "recount",
} as const;

export type RetryPolicy = { limit: number; delaySeconds: number; backoff: boolean };

export type QueueSettings = {
  retry: RetryPolicy;
  /** a running sync is failed (then retried) by pg-boss after this long; the lock still guards it */
  syncExpireSeconds: number;
};

export function queueDefinitions(settings: QueueSettings): Array<PgBoss.Queue> {
  const retry = {
    retryLimit: settings.retry.limit,
    retryDelay: settings.retry.delaySeconds,
    retryBackoff: settings.retry.backoff,
  };
  return [
    // One fan-out per cron tick; a failed fan-out is retried, and re-queuing is idempotent.
    { name: QUEUES.fanout, policy: "short", retryLimit: 3, retryDelay: 60, retryBackoff: true, expireInSeconds: 15 * 60 },
    { name: QUEUES.server, policy: "short", ...retry, expireInSeconds: settings.syncExpireSeconds },
    { name: QUEUES.cloud, policy: "short", ...retry, expireInSeconds: settings.syncExpireSeconds },
    { name: QUEUES.recount, policy: "short", retryLimit: 3, retryDelay: 60, retryBackoff: true, expireInSeconds: 30 * 60 },
  ];
}
