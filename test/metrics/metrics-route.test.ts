// GET /metrics: absent without METRICS_TOKEN, refused without the bearer token, and its numbers
// move when the app does something (a webhook delivery, a Sync now that queues a run and a job).
import nock from "nock";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { describeEachDatabase } from "../support/test-database.js";
import { bearer, ORG, PEOPLE, seedInstallation, serveTestApp, standInGitHub, type TestApp } from "../http/api/serve-test-app.js";
import { deliveryId, fixture } from "../webhooks/deliver.js";
import { postWebhook } from "../webhooks/webhook-server.js";
import { sample } from "./sample.js";

const TOKEN = "metrics-token-0123456789abcdef";

describeEachDatabase("metrics", (db) => {
  describe("with METRICS_TOKEN", () => {
    let app: TestApp;
    beforeAll(async () => {
      app = await serveTestApp(db(), { METRICS_TOKEN: TOKEN }, { engine: { work: false } });
    });
    afterAll(async () => app.close());
    beforeEach(() => standInGitHub());
    afterEach(() => nock.cleanAll());
    const scrape = async () => {
      const response = await fetch(`${app.baseUrl}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } });
      expect(response.status).toBe(200);
      expect(response.headers.get("content-type")).toContain("text/plain");
      return response.text();
    };

    it("refuses a missing or wrong token (401) without revealing the metrics", async () => {
      for (const headers of [{} as Record<string, string>, { authorization: "Bearer wrong-token-0123456789abcdef" }, { authorization: `Basic ${TOKEN}` }, { authorization: `Bearer ${TOKEN}x` }]) {
        const response = await fetch(`${app.baseUrl}/metrics`, { headers });
        expect(response.status).toBe(401);
        expect(response.headers.get("www-authenticate")).toContain("Bearer");
        expect(await response.text()).not.toContain("license_sync_");
      }
    });

    it("counts webhook deliveries by event and outcome", async () => {
      await seedInstallation(db());
      expect(sample(await scrape(), "license_sync_webhook_deliveries_total", { event: "installation.suspend", outcome: "processed" })).toBeUndefined();
      const id = deliveryId();
      const body = JSON.stringify(fixture("installation", "suspend"));
      expect((await postWebhook(`${app.baseUrl}/api/github/webhooks`, { event: "installation", id, body })).status).toBe(200);
      expect((await postWebhook(`${app.baseUrl}/api/github/webhooks`, { event: "installation", id, body })).status).toBe(200);
      const text = await scrape();
      expect(sample(text, "license_sync_webhook_deliveries_total", { event: "installation.suspend", outcome: "processed" })).toBe(1);
      expect(sample(text, "license_sync_webhook_deliveries_total", { event: "installation.suspend", outcome: "duplicate" })).toBe(1);
    });

    it("shows a queued sync run and its job in the queue", async () => {
      const installation = await seedInstallation(db());
      const server = await db().prisma.ghesServer.create({
        data: { installationId: installation.id, hostname: "ghes.example.com", apiUrl: "https://ghes.example.com/api/v3", registeredBy: PEOPLE.owner.login, licenseSync: "enabled", tokenSealed: "sealed" },
      });
      const before = await scrape();
      expect(sample(before, "license_sync_runs", { kind: "manual", status: "queued" })).toBeUndefined();
      const queuedBefore = sample(before, "license_sync_job_queue_depth", { state: "created" }) ?? 0;

      const response = await fetch(`${app.baseUrl}/api/enterprises/${ORG}/servers/${server.id}/sync`, { method: "POST", headers: bearer(PEOPLE.owner) });
      expect(response.status).toBe(202);
      const after = await scrape();
      expect(sample(after, "license_sync_runs", { target: "server", kind: "manual", status: "queued" })).toBe(1);
      expect(sample(after, "license_sync_job_queue_depth", { state: "created" })).toBeGreaterThan(queuedBefore);
      expect(sample(after, "license_sync_users_ingested")).toBe(0);
    });

    it("reports finished runs by outcome, their durations and the users they read", async () => {
      const installation = await seedInstallation(db());
      const server = await db().prisma.ghesServer.create({
        data: { installationId: installation.id, hostname: "ghes.example.com", apiUrl: "https://ghes.example.com/api/v3", registeredBy: PEOPLE.owner.login },
      });
      const started = new Date("2026-01-05T03:00:00Z");
      const run = (status: string, seconds: number, usersSeen: number | null) =>
        db().prisma.syncRun.create({
          data: { installationId: installation.id, serverId: server.id, kind: "scheduled", status, startedAt: started, finishedAt: new Date(started.getTime() + seconds * 1000), usersSeen },
        });
      await run("success", 12, 40);
      await run("success", 200, 2);
      await run("failed", 3, null);
      const text = await scrape();
      expect(sample(text, "license_sync_runs", { target: "server", kind: "scheduled", status: "success" })).toBe(2);
      expect(sample(text, "license_sync_runs", { target: "server", kind: "scheduled", status: "failed" })).toBe(1);
      expect(sample(text, "license_sync_users_ingested")).toBe(42);
      expect(sample(text, "license_sync_run_duration_seconds_count", { target: "server", status: "success" })).toBe(2);
      expect(sample(text, "license_sync_run_duration_seconds_sum", { target: "server", status: "success" })).toBe(212);
      expect(sample(text, "license_sync_run_duration_seconds_bucket", { target: "server", status: "success", le: "15" })).toBe(1);
      expect(sample(text, "license_sync_run_duration_seconds_bucket", { target: "server", status: "failed", le: "5" })).toBe(1);
    });
  });

  describe("without METRICS_TOKEN", () => {
    let app: TestApp;
    beforeAll(async () => {
      app = await serveTestApp(db(), {}, { engine: false });
    });
    afterAll(async () => app.close());

    it("has no /metrics at all (404)", async () => {
      const response = await fetch(`${app.baseUrl}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } });
      expect(response.status).toBe(404);
    });
  });
});
