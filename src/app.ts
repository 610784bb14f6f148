// The Probot application function: webhook handlers and HTTP routes, wired to their services.
import type { ApplicationFunction } from "probot";
import type { AppConfig } from "./config/env.js";
import type { SecretBox } from "./crypto/secret-box.js";
import type { MigrationFile } from "./db/migrations.js";
import type { Database } from "./db/open-database.js";
import { registerAuth } from "./auth/index.js";
import { registerDashboardRoutes } from "./dashboard/dashboard-routes.js";
import { ghesTransportFromConfig } from "./ghes/ghes-transport-from-config.js";
import { startSyncEngine } from "./engine/start-sync-engine.js";
import { registerApiRoutes } from "./http/api/index.js";
import { registerAuditRoutes } from "./http/api/audit-routes.js";
import { registerOpenApiRoute } from "./http/api/openapi-route.js";
import { registerReportRoutes } from "./http/api/report-routes.js";
import { registerSyncRoutes } from "./http/api/sync-routes.js";
import type { JobSettings } from "./jobs/index.js";
import { registerHealthRoutes } from "./http/health-routes.js";
import { workerRefusal } from "./http/worker-refusal.js";
import { createMetrics, type Metrics } from "./metrics/create-metrics.js";
import { countGhesCalls } from "./metrics/count-ghes-calls.js";
import { countGithubCalls } from "./metrics/count-github-calls.js";
import { registerMetricsRoute } from "./metrics/metrics-route.js";
import { Router } from "./http/router.js";
import type { SecretRegistry } from "./logging/secret-registry.js";
import { uploadStopSteps } from "./sync/uploads-in-flight.js";
import { registerWebhookHandlers } from "./webhooks/index.js";

export type AppDependencies = {
  config: AppConfig;
  db: Database;
  box: SecretBox;
  secrets: SecretRegistry;
  migrations: MigrationFile[];
  now: () => Date;
  /**
   * The sync engine (pg-boss jobs): `false` leaves it out (tests of other parts); `work` says
   * whether this process works jobs or only queues them, by default as `config.role` says.
   */
  engine?: false | { work?: boolean; jobSettings?: Partial<JobSettings> };
  /** called with each clean-up the app needs when it stops (the engine's graceful stop), named for the log */
  onStop?: (stop: () => Promise<void>, what?: string) => void;
  /** this app instance's metrics (createApp makes them when absent) */
  metrics?: Metrics;
};

export function createApp(deps: AppDependencies): ApplicationFunction {
  return async (app, { addHandler }) => {
    const metrics = deps.metrics ?? createMetrics(deps.db);
    await countGithubCalls(app, metrics);
    // A worker replica (APP_ROLE=worker) handles no webhooks and serves only health and metrics.
    const worker = deps.config.role === "worker";
    if (!worker) registerWebhookHandlers(app, { ...deps, metrics });
    const router = new Router(app.log);
    registerMetricsRoute(router, metrics, deps.config.metricsToken);
    registerHealthRoutes(router, deps.db, deps.migrations);
    const transport = countGhesCalls(ghesTransportFromConfig(deps.config, app.log), metrics.apiCalls);
    if (worker) {
      await startSyncEngine(app, deps, transport);
      addHandler(router.handler());
      addHandler(workerRefusal);
      return;
    }
    const auth = registerAuth(app, router, deps);
    // Uploads being processed share the jobs' grace period: the deadline is set before the
    // engine's stop, the wait comes after it (stops run in reverse order of registration).
    const uploads = uploadStopSteps(deps.db, deps.config.shutdownGraceSeconds, app.log);
    deps.onStop?.(uploads.finish, "uploads being processed: finished within the grace period, else recorded as failed");
    const engine = await startSyncEngine(app, deps, transport);
    deps.onStop?.(uploads.begin, "uploads being processed: the grace period starts");
    registerApiRoutes(router, auth, { transport, log: app.log });
    registerReportRoutes(router, auth);
    registerSyncRoutes(router, auth, engine, app.log);
    registerDashboardRoutes(router, auth, engine, app.log);
    registerAuditRoutes(router, auth);
    registerOpenApiRoute(router);
    addHandler(router.handler());
  };
}
