// Liveness and readiness for load balancers and orchestrators.
import type { Database } from "../db/open-database.js";
import { pendingMigrations, type MigrationFile } from "../db/migrations.js";
import { sendJson } from "./respond.js";
import type { Router } from "./router.js";

export function registerHealthRoutes(router: Router, db: Database, migrations: MigrationFile[]): void {
  router.get("/healthz", ({ res }) => sendJson(res, 200, { status: "ok" }));

  router.get("/readyz", async ({ res }) => {
    let pending: string[];
    try {
      pending = await pendingMigrations(db.sql, migrations);
    } catch {
      sendJson(res, 503, { status: "unavailable", database: "unreachable" });
      return;
    }
    if (pending.length > 0) {
      sendJson(res, 503, { status: "unavailable", database: "reachable", pending_migrations: pending });
      return;
    }
    sendJson(res, 200, { status: "ready", database: "reachable", migrations: "applied" });
  });
}
