// APP_ROLE in one process, on both databases: a worker handles no webhooks and serves only its
// health routes; only the roles that work jobs install the weekly schedule; a web replica queues.
// (The real processes, with the webhook endpoint itself refused, are in three-replicas.test.ts.)
import { afterEach, beforeEach, expect, it } from "vitest";
import { worksJobs } from "../../src/engine/start-sync-engine.js";
import { WORKER_REFUSAL } from "../../src/http/worker-refusal.js";
import { serveTestApp, type TestApp } from "../http/api/serve-test-app.js";
import { seedInstallation } from "../installations/seed.js";
import { FAST_JOB_SETTINGS, resetJobQueue } from "../support/job-fixtures.js";
import { captureLog, createTestProbot, testConfig, testDependencies } from "../support/test-app.js";
import { describeEachDatabase } from "../support/test-database.js";
import { deliver, fixture } from "../webhooks/deliver.js";

it("works jobs in the worker and all roles, and wherever a test says so explicitly", () => {
  const config = (role: string) => testConfig({ APP_ROLE: role });
  expect(worksJobs({ config: config("web") })).toBe(false);
  expect(worksJobs({ config: config("worker") })).toBe(true);
  expect(worksJobs({ config: config("all") })).toBe(true);
  expect(worksJobs({ config: config("all"), engine: { work: false } })).toBe(false);
  expect(worksJobs({ config: config("web"), engine: { work: true } })).toBe(true);
  expect(worksJobs({ config: config("worker"), engine: false })).toBe(false);
});

describeEachDatabase("process roles", (db) => {
  let app: TestApp | undefined;
  beforeEach(() => resetJobQueue(db()));
  afterEach(async () => {
    await app?.close();
    app = undefined;
  });

  it("handles webhooks in the web role and not in the worker role", async () => {
    const payload = fixture("installation", "suspend");
    const suspendedAfterDelivery = async (role: string) => {
      const installation = await seedInstallation(db());
      const probot = await createTestProbot(await testDependencies(db(), { config: testConfig({ APP_ROLE: role }) }), captureLog().log);
      await deliver(probot, "installation", payload);
      const row = await db().prisma.installation.findUniqueOrThrow({ where: { id: installation.id } });
      await db().prisma.installation.delete({ where: { id: installation.id } });
      return row.suspendedAt !== null;
    };
    expect(await suspendedAfterDelivery("worker")).toBe(false);
    expect(await suspendedAfterDelivery("web")).toBe(true);
  });

  it("serves only /healthz and /readyz in the worker role", async () => {
    app = await serveTestApp(db(), { APP_ROLE: "worker" });
    expect((await fetch(`${app.baseUrl}/healthz`)).status).toBe(200);
    expect((await fetch(`${app.baseUrl}/readyz`)).status).toBe(200);
    for (const path of ["/api/enterprises/acme-corp/servers", "/api/openapi.json", "/license-sync/", "/license-sync/auth/login"]) {
      const answer = await fetch(`${app.baseUrl}${path}`);
      expect({ path, status: answer.status, body: await answer.json() }).toEqual({ path, status: 404, body: { message: WORKER_REFUSAL } });
    }
  });

  it("installs the weekly schedule where jobs are worked, never from a web replica", async () => {
    const schedules = async () => (await db().sql.query<{ name: string; cron: string }>(`SELECT name, cron FROM pgboss.schedule`)).map((s) => s.cron);
    const serve = (role: string) => serveTestApp(db(), { APP_ROLE: role, SYNC_CRON: "5 4 * * 2" }, { engine: { jobSettings: FAST_JOB_SETTINGS } });

    app = await serve("web");
    expect(await schedules()).toEqual([]);
    expect(app.logLines.join("")).toContain("Sync engine: queue only (jobs run on worker replicas)");
    await app.close();

    app = await serve("worker");
    expect(await schedules()).toEqual(["5 4 * * 2"]);
    expect(app.logLines.join("")).toContain("Sync engine: working jobs, running the schedule and housekeeping");
    await app.close();

    await resetJobQueue(db());
    app = await serve("all");
    expect(await schedules()).toEqual(["5 4 * * 2"]);
  });
});
