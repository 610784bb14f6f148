// The app as `npm start` brings it up: database opened and migrated, key checked, then either the
// App's server (health routes answer) or Probot's setup flow (no credentials yet).
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, inject, it } from "vitest";
import { loadConfig } from "../../src/config/env.js";
import { readMigrationFiles } from "../../src/db/migrations.js";
import { SecretRegistry } from "../../src/logging/secret-registry.js";
import { startApp, type RunningApp } from "../../src/start.js";
import { freePort } from "../support/free-port.js";
import { captureLog, TEST_PRIVATE_KEY, TEST_WEBHOOK_SECRET } from "../support/test-app.js";
import { createTestDatabase, ALL_DATABASE_KINDS, describeOnDatabase, type TestDatabase } from "../support/test-database.js";

const running: RunningApp[] = [];
const databases: TestDatabase[] = [];
afterEach(async () => {
  while (running.length) await running.pop()!.stop();
  while (databases.length) await databases.pop()!.close();
});

/** host:port of the run's PostgreSQL server (the machine's, TEST_POSTGRES_URL's or one started for the run). */
function postgresHost(): string {
  const url = new URL(inject("postgresAdminUrl"));
  return `${url.hostname}:${url.port || "5432"}`;
}

function baseUrl(app: RunningApp): string {
  return `http://127.0.0.1:${app.server.port}`;
}

async function databaseUrl(kind: "pglite" | "postgres"): Promise<Record<string, string>> {
  if (kind === "pglite") return { DATABASE_URL: `file:${join(mkdtempSync(join(tmpdir(), "start-")), "data", "pglite")}` };
  const db = await createTestDatabase("postgres");
  databases.push(db);
  return { DATABASE_URL: db.url!, ENCRYPTION_KEY: Buffer.alloc(32, 3).toString("base64") };
}

for (const kind of ALL_DATABASE_KINDS) {
  describeOnDatabase(kind, "startApp", () => {
    it("with the App's credentials, serves /healthz and /readyz", async () => {
      const env = { APP_ID: "1", PRIVATE_KEY: TEST_PRIVATE_KEY, WEBHOOK_SECRET: TEST_WEBHOOK_SECRET, HOST: "127.0.0.1", PORT: "0", ...(await databaseUrl(kind)) };
      const { log, lines } = captureLog();
      const app = await startApp({ config: loadConfig(env), log, secrets: new SecretRegistry(), env });
      running.push(app);
      expect(app.mode).toBe("app");

      const health = await fetch(`${baseUrl(app)}/healthz`);
      expect(health.status).toBe(200);
      expect(await health.json()).toEqual({ status: "ok" });
      const ready = await fetch(`${baseUrl(app)}/readyz`);
      expect(ready.status).toBe(200);
      expect(await ready.json()).toEqual({ status: "ready", database: "reachable", migrations: "applied" });

      // Readiness follows the database: a migration it has not applied makes the replica unready.
      const [last] = (await readMigrationFiles()).slice(-1);
      await app.db.sql.query(`DELETE FROM _prisma_migrations WHERE migration_name = $1`, [last!.name]);
      const unready = await fetch(`${baseUrl(app)}/readyz`);
      expect(unready.status).toBe(503);
      expect(await unready.json()).toMatchObject({ status: "unavailable", pending_migrations: [last!.name] });

      const all = lines.join("");
      expect(all).toContain(kind === "pglite" ? "Database: PGlite at" : `Database: PostgreSQL at ${postgresHost()}/`);
      expect(all).not.toContain(TEST_WEBHOOK_SECRET);
      expect(all).not.toContain(TEST_PRIVATE_KEY.split("\n")[1]!);
    });

    it("refuses a second start with another ENCRYPTION_KEY and leaves the data alone", async () => {
      const dbEnv = await databaseUrl(kind);
      const env = { HOST: "127.0.0.1", PORT: "0", APP_ID: "1", PRIVATE_KEY: TEST_PRIVATE_KEY, ...dbEnv, ENCRYPTION_KEY: Buffer.alloc(32, 1).toString("base64") };
      const first = await startApp({ config: loadConfig(env), log: captureLog().log, secrets: new SecretRegistry(), env });
      await first.stop();
      const other = { ...env, ENCRYPTION_KEY: Buffer.alloc(32, 2).toString("base64") };
      await expect(startApp({ config: loadConfig(other), log: captureLog().log, secrets: new SecretRegistry(), env: other })).rejects.toThrow(
        /ENCRYPTION_KEY does not match/,
      );
      const again = await startApp({ config: loadConfig(env), log: captureLog().log, secrets: new SecretRegistry(), env });
      running.push(again);
      expect(again.mode).toBe("app");
    });
  });
}

describe("startApp without the App's credentials", () => {
  it("opens Probot's setup flow with the manifest from app.yml", async () => {
    // Probot's setup mode reads PORT=0 as "unset" (3000), so take a free port first.
    const env = { HOST: "127.0.0.1", PORT: String(await freePort()), NO_SMEE_SETUP: "true" as const, ...(await databaseUrl("pglite")) };
    const app = await startApp({ config: loadConfig(env), log: captureLog().log, secrets: new SecretRegistry(), env });
    running.push(app);
    expect(app.mode).toBe("setup");
    const root = await fetch(`${baseUrl(app)}/`, { redirect: "manual" });
    expect(root.status).toBe(302);
    expect(root.headers.get("location")).toBe("/probot");
    const page = await (await fetch(`${baseUrl(app)}/probot`)).text();
    const manifest = JSON.parse(page.match(/name="manifest" id="manifest" value='([^']*)'/)![1]!) as { default_permissions: Record<string, string>; default_events: string[] };
    expect(manifest.default_permissions).toEqual({ members: "read", metadata: "read", contents: "read", issues: "write", checks: "write" });
    expect(manifest.default_events).toEqual(["organization", "push"]);
  });
});
