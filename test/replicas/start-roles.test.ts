// startApp in a role, on both databases: a worker's Probot takes no webhooks (the endpoint answers
// the role's refusal, even to a correctly signed delivery), and the graceful stop logs each step
// in order. The embedded database gets a warning that roles need a shared PostgreSQL.
import { createHmac, randomUUID } from "node:crypto";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, expect, it } from "vitest";
import { loadConfig } from "../../src/config/env.js";
import { WORKER_REFUSAL } from "../../src/http/worker-refusal.js";
import { SecretRegistry } from "../../src/logging/secret-registry.js";
import { startApp, type RunningApp } from "../../src/start.js";
import { captureLog, TEST_PRIVATE_KEY, TEST_WEBHOOK_SECRET } from "../support/test-app.js";
import { createTestDatabase, ALL_DATABASE_KINDS, describeOnDatabase, type TestDatabase } from "../support/test-database.js";

const running: RunningApp[] = [];
const databases: TestDatabase[] = [];
afterEach(async () => {
  while (running.length) await running.pop()!.stop();
  while (databases.length) await databases.pop()!.close();
});

async function databaseEnv(kind: "pglite" | "postgres"): Promise<Record<string, string>> {
  if (kind === "pglite") return { DATABASE_URL: `file:${join(mkdtempSync(join(tmpdir(), "roles-")), "pglite")}` };
  const db = await createTestDatabase("postgres");
  databases.push(db);
  return { DATABASE_URL: db.url!, ENCRYPTION_KEY: Buffer.alloc(32, 5).toString("base64") };
}

function signedPing(baseUrl: string): Promise<Response> {
  const payload = JSON.stringify({ zen: "Design for failure.", hook_id: 2 });
  return fetch(`${baseUrl}/api/github/webhooks`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      "x-github-event": "ping",
      "x-github-delivery": randomUUID(),
      "x-hub-signature-256": `sha256=${createHmac("sha256", TEST_WEBHOOK_SECRET).update(payload).digest("hex")}`,
    },
    body: payload,
  });
}

for (const kind of ALL_DATABASE_KINDS) {
  describeOnDatabase(kind, "startApp with APP_ROLE=worker", () => {
    // A fresh embedded database is migrated and gets pg-boss's schema first: slow on a busy machine.
    it("refuses webhooks, serves health, and stops step by step", async () => {
      const env = {
        APP_ID: "1",
        PRIVATE_KEY: TEST_PRIVATE_KEY,
        WEBHOOK_SECRET: TEST_WEBHOOK_SECRET,
        HOST: "127.0.0.1",
        PORT: "0",
        APP_ROLE: "worker",
        SHUTDOWN_GRACE_SECONDS: "2",
        ...(await databaseEnv(kind)),
      };
      const { log, lines } = captureLog("info");
      const app = await startApp({ config: loadConfig(env), log, secrets: new SecretRegistry(), env });
      running.push(app);
      const baseUrl = `http://127.0.0.1:${app.server.port}`;

      expect((await fetch(`${baseUrl}/readyz`)).status).toBe(200);
      const refused = await signedPing(baseUrl);
      expect(refused.status).toBe(404);
      expect(await refused.json()).toEqual({ message: WORKER_REFUSAL });

      await app.stop();
      const messages = lines.map((l) => (JSON.parse(l) as { msg: string }).msg);
      expect(messages.filter((m) => m.startsWith("Stop"))).toEqual([
        "Stopping: taking no new HTTP requests, finishing the ones in flight",
        "Stopping: housekeeping",
        "Stopping: jobs: no new ones taken; running ones get up to 2 s, then are handed back for a retry",
        "Stopping: database closed",
        "Stopped",
      ]);
      expect(messages).toContain("Role: worker (APP_ROLE)");
      const warning = "APP_ROLE=worker needs replicas sharing a PostgreSQL DATABASE_URL; with the embedded database use APP_ROLE=all";
      expect(messages.includes(warning)).toBe(kind === "pglite");
      await expect(fetch(`${baseUrl}/healthz`)).rejects.toThrow();
      await expect(app.db.sql.query("SELECT 1")).rejects.toThrow();
    }, 120_000);
  });
}
