import { expect, it } from "vitest";
import { markRunFailed, markRunStarted, markRunSucceeded } from "../../src/jobs/run-records.js";
import { seedInstallation, seedServer } from "../support/job-fixtures.js";
import { describeEachDatabase } from "../support/test-database.js";

describeEachDatabase("sync run records", (db) => {
  async function queuedRun() {
    const installationId = await seedInstallation(db());
    const serverId = await seedServer(db(), installationId);
    const run = await db().prisma.syncRun.create({ data: { installationId, serverId, kind: "scheduled", target: "server" } });
    return { run, serverId, installationId };
  }

  it("counts attempts and records success with the server's summary", async () => {
    const { run, serverId, installationId } = await queuedRun();
    const at = new Date("2026-01-05T03:00:00Z");
    const started = await markRunStarted(db().sql, run.id, "job-1", at);
    expect(started).toEqual({ id: run.id, installationId, serverId, kind: "scheduled", attempt: 1, triggeredBy: null });
    expect(await markRunSucceeded(db().sql, started!, 120, new Date("2026-01-05T03:01:00Z"))).toBe(true);
    expect(await db().prisma.syncRun.findUniqueOrThrow({ where: { id: run.id } })).toMatchObject({
      status: "success",
      jobId: "job-1",
      startedAt: at,
      usersSeen: 120,
    });
    expect(await db().prisma.ghesServer.findUniqueOrThrow({ where: { id: serverId } })).toMatchObject({
      lastSyncAt: new Date("2026-01-05T03:01:00Z"),
      lastSyncStatus: "success",
      lastSyncSource: "synced",
      consecutiveFailures: 0,
    });
  });

  it("ignores an outcome from an attempt that another attempt replaced", async () => {
    const { run, serverId } = await queuedRun();
    const first = (await markRunStarted(db().sql, run.id, "job-1", new Date()))!;
    const second = (await markRunStarted(db().sql, run.id, "job-1", new Date()))!;
    expect(second.attempt).toBe(2);
    expect(await markRunFailed(db().sql, first, { error: "late", nextRetryAt: null, counts: true }, new Date())).toBe(false);
    expect(await markRunSucceeded(db().sql, first, 1, new Date())).toBe(false);
    expect(await db().prisma.syncRun.findUniqueOrThrow({ where: { id: run.id } })).toMatchObject({ status: "running", attempt: 2, error: null });
    expect(await db().prisma.ghesServer.findUniqueOrThrow({ where: { id: serverId } })).toMatchObject({ consecutiveFailures: 0, lastSyncStatus: null });

    expect(await markRunFailed(db().sql, second, { error: "GHES down", nextRetryAt: null, counts: true, pauseServer: "token rejected" }, new Date())).toBe(true);
    expect(await db().prisma.ghesServer.findUniqueOrThrow({ where: { id: serverId } })).toMatchObject({
      consecutiveFailures: 1,
      lastSyncStatus: "failed",
      lastSyncError: "GHES down",
      pausedReason: "token rejected",
    });
  });

  it("says when the run is gone", async () => {
    expect(await markRunStarted(db().sql, "00000000-0000-0000-0000-000000000000", "job", new Date())).toBeNull();
  });
});
