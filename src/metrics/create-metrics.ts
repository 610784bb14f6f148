// The app's Prometheus metrics, in a registry of its own per app instance (not prom-client's
// global one), so two apps in one process (tests, replicas in a rig) never share counters.
// Counters that happen in this process are counted as they happen; what lives in the database
// (runs, queue depth) is read when Prometheus scrapes, so every replica reports the same truth.
import { Counter, Gauge, Histogram, Registry } from "prom-client";
import type { Database } from "../db/open-database.js";
import { readQueueDepth } from "./read-queue-depth.js";
import { readSyncRunDurations } from "./read-sync-run-durations.js";
import { readSyncRunTotals } from "./read-sync-run-totals.js";

export type Metrics = {
  registry: Registry;
  webhookDeliveries: Counter<"event" | "outcome">;
  apiCalls: Counter<"api" | "status">;
  /** GitHub's `x-ratelimit-remaining` / `x-ratelimit-limit` on the latest answer (count-github-calls.ts) */
  githubRateLimitRemaining: Gauge<"installation" | "resource">;
  githubRateLimitLimit: Gauge<"installation" | "resource">;
};

export function createMetrics(db: Pick<Database, "sql">): Metrics {
  const registry = new Registry();
  const webhookDeliveries = new Counter({
    name: "license_sync_webhook_deliveries_total",
    help: "Webhook deliveries handled by this process, by event and outcome (processed, duplicate, failed)",
    labelNames: ["event", "outcome"] as const,
    registers: [registry],
  });

  const apiCalls = new Counter({
    name: "license_sync_api_calls_total",
    help: "Calls this process made to outside APIs (api: ghes, github), by HTTP status or error",
    labelNames: ["api", "status"] as const,
    registers: [registry],
  });
  const githubRateLimitRemaining = new Gauge({
    name: "license_sync_github_rate_limit_remaining",
    help: "Requests left in GitHub's rate limit, from the latest answer, by installation (or app) and resource",
    labelNames: ["installation", "resource"] as const,
    registers: [registry],
  });
  const githubRateLimitLimit = new Gauge({
    name: "license_sync_github_rate_limit_limit",
    help: "GitHub's rate limit per hour, from the latest answer, by installation (or app) and resource",
    labelNames: ["installation", "resource"] as const,
    registers: [registry],
  });

  new Gauge({
    name: "license_sync_runs",
    help: "Sync runs recorded (history kept in the database), by target, kind and status",
    labelNames: ["target", "kind", "status"] as const,
    registers: [registry],
    async collect() {
      this.reset();
      for (const row of await readSyncRunTotals(db)) this.set({ target: row.target, kind: row.kind, status: row.status }, row.runs);
    },
  });
  // Rebuilt from the run history at each scrape (reset, then every finished run observed), so it
  // counts runs of every replica, not only this process's.
  new Histogram({
    name: "license_sync_run_duration_seconds",
    help: "Duration of finished sync runs in the run history, by target and outcome",
    labelNames: ["target", "status"] as const,
    buckets: [1, 5, 15, 30, 60, 120, 300, 600, 1800, 3600],
    registers: [registry],
    async collect() {
      this.reset();
      for (const run of await readSyncRunDurations(db)) this.observe({ target: run.target, status: run.status }, run.seconds);
    },
  });
  new Gauge({
    name: "license_sync_users_ingested",
    help: "GHES users read by successful sync runs still in the run history",
    registers: [registry],
    async collect() {
      const rows = await readSyncRunTotals(db);
      this.set(rows.filter((row) => row.status === "success").reduce((sum, row) => sum + row.users, 0));
    },
  });
  new Gauge({
    name: "license_sync_job_queue_depth",
    help: "Jobs waiting or running in the job queue, by queue and state",
    labelNames: ["queue", "state"] as const,
    registers: [registry],
    async collect() {
      this.reset();
      for (const row of await readQueueDepth(db)) this.set({ queue: row.queue, state: row.state }, row.jobs);
    },
  });
  new Gauge({
    name: "license_sync_job_queue_oldest_seconds",
    help: "Age of the oldest job waiting in each queue",
    labelNames: ["queue"] as const,
    registers: [registry],
    async collect() {
      this.reset();
      for (const row of await readQueueDepth(db)) if (row.state === "created") this.set({ queue: row.queue }, row.oldestSeconds);
    },
  });
  return { registry, webhookDeliveries, apiCalls, githubRateLimitRemaining, githubRateLimitLimit };
}
