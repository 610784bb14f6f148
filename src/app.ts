// The Probot application function: webhook handlers and HTTP routes, wired to their services.
import type { ApplicationFunction } from "probot";
import type { AppConfig } from "./config/env.js";
import type { SecretBox } from "./crypto/secret-box.js";
import type { MigrationFile } from "./db/migrations.js";
import type { Database } from "./db/open-database.js";
import { registerAuth } from "./auth/index.js";
import { ghesTransportFromConfig } from "./ghes/ghes-transport-from-config.js";
import { registerApiRoutes } from "./http/api/index.js";
import { registerHealthRoutes } from "./http/health-routes.js";
import { Router } from "./http/router.js";
import type { SecretRegistry } from "./logging/secret-registry.js";
import { registerWebhookHandlers } from "./webhooks/index.js";

export type AppDependencies = {
  config: AppConfig;
  db: Database;
  box: SecretBox;
  secrets: SecretRegistry;
  migrations: MigrationFile[];
  now: () => Date;
};

export function createApp(deps: AppDependencies): ApplicationFunction {
  return (app, { addHandler }) => {
    registerWebhookHandlers(app, deps);
    const router = new Router(app.log);
    registerHealthRoutes(router, deps.db, deps.migrations);
    const auth = registerAuth(app, router, deps);
    registerApiRoutes(router, auth, { transport: ghesTransportFromConfig(deps.config, app.log), log: app.log });
    addHandler(router.handler());
  };
}
