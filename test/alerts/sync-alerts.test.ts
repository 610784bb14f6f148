import nock from "nock";
import { afterEach, beforeEach, expect, it } from "vitest";
import { syncAlerts } from "../../src/alerts/sync-alerts.js";
import { TestOctokit } from "../support/test-app.js";
import { seedInstallation } from "../support/job-fixtures.js";
import { describeEachDatabase } from "../support/test-database.js";

const thresholds = { seatThreshold: 0.9, failedSyncs: 2 };
const api = () => nock("https://api.github.com");

describeEachDatabase("syncAlerts", (db) => {
  const octokit = new TestOctokit();
  beforeEach(() => nock.disableNetConnect());
  afterEach(() => {
    nock.cleanAll();
    nock.enableNetConnect();
  });

  it("opens an issue once, updates it when the numbers change, closes it when the condition clears", async () => {
    const installationId = await seedInstallation(db(), { login: "acme" });
    const inputs = (consumed: number) => ({ org: "acme", consumed, purchased: 100, servers: [] });

    const open = api()
      .post("/repos/acme/.github/issues", (body: { title: string }) => body.title === "license-sync: 95 of 100 licenses consumed (95%)")
      .reply(201, { number: 7 });
    expect(await syncAlerts(octokit, db(), installationId, inputs(95), thresholds)).toEqual({ opened: ["seat_threshold"], updated: [], closed: [] });
    expect(open.isDone()).toBe(true);

    // Same numbers: nothing to tell GitHub (nock would refuse any request).
    expect(await syncAlerts(octokit, db(), installationId, inputs(95), thresholds)).toEqual({ opened: [], updated: [], closed: [] });

    const update = api()
      .patch("/repos/acme/.github/issues/7", (body: { title: string; state: string }) => body.title.includes("97 of 100") && body.state === "open")
      .reply(200, { number: 7 });
    expect(await syncAlerts(octokit, db(), installationId, inputs(97), thresholds)).toMatchObject({ updated: ["seat_threshold"] });
    expect(update.isDone()).toBe(true);

    const close = api()
      .post("/repos/acme/.github/issues/7/comments")
      .reply(201, {})
      .patch("/repos/acme/.github/issues/7", { state: "closed" })
      .reply(200, { number: 7 });
    expect(await syncAlerts(octokit, db(), installationId, inputs(50), thresholds)).toMatchObject({ closed: ["seat_threshold"] });
    expect(close.isDone()).toBe(true);
    expect(await db().prisma.alert.findMany({ where: { installationId } })).toMatchObject([{ key: "seat_threshold", state: "closed", issueNumber: 7 }]);

    // The condition returns: a new issue, not the closed one reopened under stale text.
    const reopen = api().post("/repos/acme/.github/issues").reply(201, { number: 12 });
    await syncAlerts(octokit, db(), installationId, inputs(99), thresholds);
    expect(reopen.isDone()).toBe(true);
    expect(await db().prisma.alert.findFirst({ where: { installationId } })).toMatchObject({ state: "open", issueNumber: 12 });
  });

  it("keeps one issue per failing server", async () => {
    const installationId = await seedInstallation(db(), { login: "acme" });
    const servers = [{ id: "srv-1", hostname: "ghes.acme.com", consecutiveFailures: 3, lastSyncError: "answered 500" }];
    const open = api()
      .post("/repos/acme/.github/issues", (body: { title: string }) => body.title === "license-sync: ghes.acme.com failed 3 syncs in a row")
      .reply(201, { number: 3 });
    expect(await syncAlerts(octokit, db(), installationId, { org: "acme", consumed: 1, purchased: 100, servers }, thresholds)).toMatchObject({
      opened: ["failed_syncs:srv-1"],
    });
    expect(open.isDone()).toBe(true);
  });

  it("stores nothing when GitHub refuses to open the issue", async () => {
    const installationId = await seedInstallation(db(), { login: "acme" });
    api().post("/repos/acme/.github/issues").reply(404, { message: "Not Found" });
    await expect(syncAlerts(octokit, db(), installationId, { org: "acme", consumed: 99, purchased: 100, servers: [] }, thresholds)).rejects.toMatchObject({
      status: 404,
    });
    expect(await db().prisma.alert.count({ where: { installationId } })).toBe(0);
  });
});
