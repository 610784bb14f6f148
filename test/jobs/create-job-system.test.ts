import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createJobSystem, SyncRefusedError, TokenRejectedError, type JobSystem, type JobSystemDeps, type RunInfo } from "../../src/jobs/index.js";
import { SecretRegistry } from "../../src/logging/secret-registry.js";
import { duplicateJobs, FAST_JOB_SETTINGS, resetJobQueue, seedInstallation, seedServer } from "../support/job-fixtures.js";
import { captureLog } from "../support/test-app.js";
import { describeEachDatabase } from "../support/test-database.js";
import { waitFor } from "../support/wait-for.js";

type Calls = { server: Array<{ serverId: string; run: RunInfo }>; cloud: number[]; recount: number[] };

describeEachDatabase("job system", (db) => {
  const systems: JobSystem[] = [];
  beforeEach(async () => {
    await resetJobQueue(db());
  });
  afterEach(async () => {
    while (systems.length) await systems.pop()!.stop({ timeoutSeconds: 1 });
  });

  function build(overrides: Partial<JobSystemDeps> = {}): { jobs: JobSystem; calls: Calls; lines: string[] } {
    const calls: Calls = { server: [], cloud: [], recount: [] };
    const { log, lines } = captureLog("debug");
    const jobs = createJobSystem({
      db: db(),
      config: { syncCron: "0 3 * * 1" },
      log,
      syncServer: async (serverId, run) => {
        calls.server.push({ serverId, run });
        return { usersSeen: 42 };
      },
      syncCloud: async (installationId) => {
        calls.cloud.push(installationId);
        return { usersSeen: 7 };
      },
      recount: async (installationId) => {
        calls.recount.push(installationId);
      },
      ...overrides,
      settings: { ...FAST_JOB_SETTINGS, ...overrides.settings },
    });
    systems.push(jobs);
    return { jobs, calls, lines };
  }

  const run = (id: string) => db().prisma.syncRun.findUniqueOrThrow({ where: { id } });
  const server = (id: string) => db().prisma.ghesServer.findUniqueOrThrow({ where: { id } });

  it("runs a manual sync: queued, then running, then success with the users seen, and one recount", async () => {
    const installationId = await seedInstallation(db());
    const serverId = await seedServer(db(), installationId);
    const { jobs, calls } = build();
    await jobs.start();

    const { runId, created } = await jobs.enqueueServerSync(serverId, { kind: "manual", triggeredBy: "octocat" });
    expect(created).toBe(true);
    const finished = await waitFor(async () => {
      const row = await run(runId);
      return row.status === "success" ? row : null;
    }, { what: "the run to succeed" });

    expect(finished).toMatchObject({ kind: "manual", target: "server", serverId, attempt: 1, usersSeen: 42, error: null, triggeredBy: "octocat" });
    expect(finished.startedAt).toBeInstanceOf(Date);
    expect(finished.finishedAt!.getTime()).toBeGreaterThanOrEqual(finished.startedAt!.getTime());
    expect(calls.server).toEqual([{ serverId, run: expect.objectContaining({ id: runId, installationId, serverId, kind: "manual", attempt: 1 }) }]);
    expect(await server(serverId)).toMatchObject({ lastSyncStatus: "success", lastSyncSource: "synced", lastSyncError: null, consecutiveFailures: 0 });
    await waitFor(async () => (await db().prisma.syncRun.count({ where: { target: "recount", status: "success" } })) > 0, { what: "the recount" });
    expect(calls.recount).toEqual([installationId]);
    const recounts = await db().prisma.syncRun.findMany({ where: { target: "recount" } });
    expect(recounts).toMatchObject([{ installationId, status: "success" }]);
  });

  it("answers a second Sync now with the run already waiting, and starts a spread scheduled run at once", async () => {
    const installationId = await seedInstallation(db());
    const serverId = await seedServer(db(), installationId);
    const { jobs } = build({ work: false });
    await jobs.start();

    const scheduled = await jobs.enqueueServerSync(serverId, { kind: "scheduled", startAfterSeconds: 3000 });
    const [first, second] = await Promise.all([
      jobs.enqueueServerSync(serverId, { kind: "manual", triggeredBy: "a" }),
      jobs.enqueueServerSync(serverId, { kind: "manual", triggeredBy: "b" }),
    ]);
    expect(first).toEqual({ runId: scheduled.runId, created: false });
    expect(second).toEqual({ runId: scheduled.runId, created: false });
    expect(await db().prisma.syncRun.count()).toBe(1);

    const waiting = await db().sql.query<{ start_after: Date; state: string }>(
      `SELECT start_after, state FROM pgboss.job WHERE name = 'sync-server' AND state = 'created'`,
    );
    expect(waiting).toHaveLength(1);
    expect(waiting[0]!.start_after.getTime()).toBeLessThan(Date.now() + 5_000);
    expect((await run(scheduled.runId)).jobId).not.toBeNull();
  });

  it("refuses to queue what may not sync, saying why, and stores nothing", async () => {
    const verified = await seedInstallation(db());
    const unverified = await seedInstallation(db(), { verification: "unverified" });
    const suspended = await seedInstallation(db(), { suspended: true });
    const cases: Array<[string, RegExp, string]> = [
      [await seedServer(db(), verified, { licenseSync: "disabled" }), /license sync is disabled/, "conflict"],
      [await seedServer(db(), verified, { token: false }), /upload-only/, "conflict"],
      [await seedServer(db(), verified, { pausedReason: "token rejected" }), /paused: token rejected/, "conflict"],
      [await seedServer(db(), unverified), /not verified \(unverified\)/, "conflict"],
      [await seedServer(db(), suspended), /suspended/, "conflict"],
      ["00000000-0000-0000-0000-000000000000", /server 0{8}-.* does not exist/, "not_found"],
    ];
    const { jobs } = build({ work: false });
    await jobs.start();
    for (const [serverId, message, reason] of cases) {
      const error = await jobs.enqueueServerSync(serverId, { kind: "manual" }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(SyncRefusedError);
      expect((error as SyncRefusedError).message).toMatch(message);
      expect((error as SyncRefusedError).reason).toBe(reason);
    }
    await expect(jobs.enqueueCloudSync(unverified, { kind: "manual" })).rejects.toThrow(/installation .* cannot sync: the installation is not verified/);
    expect(await db().prisma.syncRun.count()).toBe(0);
    expect(await db().sql.query(`SELECT id FROM pgboss.job WHERE name IN ('sync-server', 'sync-cloud')`)).toEqual([]);
  });

  it("shows a failed attempt at once with its error and retry time, retries it, then succeeds", async () => {
    const installationId = await seedInstallation(db());
    const serverId = await seedServer(db(), installationId);
    const secrets = new SecretRegistry();
    secrets.add("ghp_secretsecretsecret");
    let attempts = 0;
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    const { jobs } = build({
      scrub: (text) => secrets.scrub(text),
      settings: { retry: { limit: 2, delaySeconds: 2, backoff: false } },
      syncServer: async () => {
        attempts += 1;
        if (attempts === 1) throw new Error("GHES answered 502 (token ghp_secretsecretsecret)");
        await released;
        return { usersSeen: 5 };
      },
    });
    await jobs.start();
    const { runId } = await jobs.enqueueServerSync(serverId, { kind: "manual" });

    const failed = await waitFor(async () => {
      const row = await run(runId);
      return row.status === "failed" ? row : null;
    }, { what: "the failed attempt" });
    expect(failed.error).toBe("GHES answered 502 (token [secret])");
    expect(failed.nextRetryAt!.getTime()).toBeGreaterThan(failed.finishedAt!.getTime());
    expect(failed.nextRetryAt!.getTime()).toBeLessThanOrEqual(failed.finishedAt!.getTime() + 3_000);
    expect(await server(serverId)).toMatchObject({ lastSyncStatus: "failed", lastSyncError: "GHES answered 502 (token [secret])", consecutiveFailures: 1 });

    const retrying = await waitFor(async () => {
      const row = await run(runId);
      return row.status === "running" ? row : null;
    }, { what: "the retry to start" });
    expect(retrying).toMatchObject({ attempt: 2, error: null, nextRetryAt: null });
    release();
    await waitFor(async () => (await run(runId)).status === "success", { what: "the retry to succeed" });
    expect(await server(serverId)).toMatchObject({ lastSyncStatus: "success", consecutiveFailures: 0, lastSyncError: null });
  });

  it("drops an earlier run's pending retry once a later sync of the server succeeds", async () => {
    const installationId = await seedInstallation(db());
    const serverId = await seedServer(db(), installationId);
    let attempts = 0;
    const { jobs } = build({
      settings: { retry: { limit: 2, delaySeconds: 600, backoff: false } },
      syncServer: async () => {
        attempts += 1;
        if (attempts === 1) throw new Error("GHES answered 503");
        return { usersSeen: 3 };
      },
    });
    await jobs.start();
    const failing = await jobs.enqueueServerSync(serverId, { kind: "scheduled" });
    const failed = await waitFor(async () => {
      const row = await run(failing.runId);
      return row.status === "failed" ? row : null;
    }, { what: "the failed attempt" });
    expect(failed.nextRetryAt).toBeInstanceOf(Date);

    const now = await jobs.enqueueServerSync(serverId, { kind: "manual" });
    expect(now.created).toBe(true);
    await waitFor(async () => (await run(now.runId)).status === "success", { what: "Sync now" });
    expect(await run(failing.runId)).toMatchObject({ status: "failed", error: "GHES answered 503", nextRetryAt: null });
    const [job] = await db().sql.query<{ state: string }>(`SELECT state::text FROM pgboss.job WHERE id = $1`, [failed.jobId]);
    expect(job?.state).toBe("cancelled");
    expect(attempts).toBe(2);
  });

  it("gives up after the retry limit: the run stays failed without a retry time", async () => {
    const installationId = await seedInstallation(db());
    const serverId = await seedServer(db(), installationId);
    const { jobs, calls } = build({
      settings: { retry: { limit: 1, delaySeconds: 1, backoff: false } },
      syncServer: async (id, r) => {
        calls.server.push({ serverId: id, run: r });
        throw new Error("connection reset");
      },
    });
    await jobs.start();
    const { runId } = await jobs.enqueueServerSync(serverId, { kind: "manual" });
    const last = await waitFor(async () => {
      const row = await run(runId);
      return row.status === "failed" && row.attempt === 2 ? row : null;
    }, { what: "the second failed attempt" });
    expect(last).toMatchObject({ error: "connection reset", nextRetryAt: null });
    expect(await server(serverId)).toMatchObject({ consecutiveFailures: 2, lastSyncStatus: "failed" });
    const [job] = await db().sql.query<{ state: string }>(`SELECT state FROM pgboss.job WHERE name = 'sync-server'`);
    expect(job?.state).toBe("failed");
  });

  it("does not retry a rejected token and pauses the server", async () => {
    const installationId = await seedInstallation(db());
    const serverId = await seedServer(db(), installationId);
    const { jobs, calls } = build({
      syncServer: async (id, r) => {
        calls.server.push({ serverId: id, run: r });
        throw new TokenRejectedError();
      },
    });
    await jobs.start();
    const { runId } = await jobs.enqueueServerSync(serverId, { kind: "manual" });
    const failed = await waitFor(async () => {
      const row = await run(runId);
      return row.status === "failed" ? row : null;
    }, { what: "the rejected attempt" });
    expect(failed).toMatchObject({ attempt: 1, nextRetryAt: null, error: expect.stringMatching(/rejected the stored token/) });
    expect(await server(serverId)).toMatchObject({ pausedReason: "token rejected", lastSyncStatus: "failed", consecutiveFailures: 1 });
    const [job] = await db().sql.query<{ state: string }>(`SELECT state FROM pgboss.job WHERE name = 'sync-server'`);
    expect(job?.state).toBe("cancelled");
    expect(calls.server).toHaveLength(1);
    await expect(jobs.enqueueServerSync(serverId, { kind: "manual" })).rejects.toThrow(/paused: token rejected/);
  });

  it("does not retry a sync that finds it may not run, and counts no failure", async () => {
    const installationId = await seedInstallation(db());
    const serverId = await seedServer(db(), installationId);
    const { jobs, calls } = build({
      syncServer: async (id, r) => {
        calls.server.push({ serverId: id, run: r });
        throw new SyncRefusedError("ghes.example.com paused: registrant is no longer an owner", "conflict");
      },
    });
    await jobs.start();
    const { runId } = await jobs.enqueueServerSync(serverId, { kind: "manual" });
    const failed = await waitFor(async () => {
      const row = await run(runId);
      return row.status === "failed" ? row : null;
    }, { what: "the refused attempt" });
    expect(failed).toMatchObject({ attempt: 1, nextRetryAt: null, error: "ghes.example.com paused: registrant is no longer an owner" });
    expect(await server(serverId)).toMatchObject({ consecutiveFailures: 0, lastSyncStatus: null, pausedReason: null });
    const [job] = await db().sql.query<{ state: string }>(`SELECT state::text FROM pgboss.job WHERE name = 'sync-server'`);
    expect(job?.state).toBe("cancelled");
    expect(calls.server).toHaveLength(1);
  });

  it("does not sync a server switched off after it was queued, and counts no failure", async () => {
    const installationId = await seedInstallation(db());
    const serverId = await seedServer(db(), installationId);
    const { jobs: web } = build({ work: false });
    await web.start();
    const { runId } = await web.enqueueServerSync(serverId, { kind: "manual" });
    await db().prisma.ghesServer.update({ where: { id: serverId }, data: { licenseSync: "disabled" } });

    const { jobs, calls } = build();
    await jobs.start();
    const row = await waitFor(async () => {
      const r = await run(runId);
      return r.status === "failed" ? r : null;
    }, { what: "the skipped run" });
    expect(row.error).toBe("not synced: license sync is disabled for this server");
    expect(calls.server).toEqual([]);
    expect(await server(serverId)).toMatchObject({ consecutiveFailures: 0, lastSyncStatus: null });
    // The installation's count no longer waits for this server.
    await waitFor(() => calls.recount.length === 1, { what: "the recount" });
    expect(calls.recount).toEqual([installationId]);
  });

  it("fans out one job per enabled server and per eligible installation, spread, then recounts each installation once", async () => {
    const a = await seedInstallation(db());
    const b = await seedInstallation(db());
    const unverified = await seedInstallation(db(), { verification: "pending" });
    const deleted = await seedInstallation(db(), { deleted: true });
    const a1 = await seedServer(db(), a);
    const a2 = await seedServer(db(), a);
    await seedServer(db(), a, { licenseSync: "disabled" });
    await seedServer(db(), a, { pausedReason: "registrant is no longer an owner" });
    await seedServer(db(), b, { token: false });
    await seedServer(db(), unverified);
    await seedServer(db(), deleted);

    // Spread first: with a window, jobs wait at their installation's offset.
    const { jobs: web } = build({ work: false, settings: { spreadSeconds: 3600 } });
    await web.start();
    const spread = await web.fanOut();
    expect(spread).toEqual({ installations: 2, serverRuns: 2, cloudRuns: 2, reused: 0, refused: 0 });
    const offsets = await db().sql.query<{ key: string; delay: number }>(
      `SELECT singleton_key AS key, EXTRACT(EPOCH FROM start_after - created_on)::int AS delay FROM pgboss.job WHERE name IN ('sync-server', 'sync-cloud')`,
    );
    const delayOf = (key: string) => offsets.find((o) => o.key === key)!.delay;
    expect(delayOf(a1)).toBe(delayOf(String(a)));
    expect(delayOf(a2)).toBe(delayOf(String(a)));
    for (const o of offsets) expect(o.delay).toBeLessThan(3600);
    expect(new Set(offsets.map((o) => o.delay)).size).toBeGreaterThan(1);
    // A second fan-out (a retried tick) queues nothing new.
    expect(await web.fanOut()).toMatchObject({ serverRuns: 0, cloudRuns: 0, reused: 4 });
    await resetJobQueue(db());
    await db().prisma.syncRun.deleteMany();

    const pendingAtRecount: number[] = [];
    const { jobs, calls } = build({
      settings: { recountDelaySeconds: 2 },
      recount: async (installationId) => {
        calls.recount.push(installationId);
        pendingAtRecount.push(
          await db().prisma.syncRun.count({ where: { installationId, target: { in: ["server", "cloud"] }, status: { not: "success" } } }),
        );
      },
    });
    await jobs.start();
    expect(await jobs.fanOut()).toEqual({ installations: 2, serverRuns: 2, cloudRuns: 2, reused: 0, refused: 0 });
    await waitFor(() => pendingAtRecount.length >= 2, { what: "both recounts" });
    expect(calls.server.map((c) => c.serverId).sort()).toEqual([a1, a2].sort());
    expect(calls.server.every((c) => c.run.kind === "scheduled")).toBe(true);
    expect(calls.cloud.sort()).toEqual([a, b].sort());
    expect(calls.recount.sort()).toEqual([a, b].sort());
    expect(pendingAtRecount).toEqual([0, 0]);
    const cloudRuns = await db().prisma.syncRun.findMany({ where: { target: "cloud" } });
    expect(cloudRuns.map((r) => [r.status, r.usersSeen, r.serverId])).toEqual([
      ["success", 7, null],
      ["success", 7, null],
    ]);
  });

  it("keeps queued jobs and hands back a running one across a restart", async () => {
    const installationId = await seedInstallation(db());
    const stuck = await seedServer(db(), installationId);
    const waiting = await seedServer(db(), installationId);
    let abandon!: () => void;
    const abandoned = new Promise<void>((_, reject) => (abandon = () => reject(new Error("worker stopped"))));
    const { jobs: first } = build({ syncServer: () => abandoned.then(() => ({ usersSeen: 1 })) });
    await first.start();
    const stuckRun = await first.enqueueServerSync(stuck, { kind: "manual" });
    await waitFor(async () => (await run(stuckRun.runId)).status === "running", { what: "the first attempt to start" });
    const waitingRun = await first.enqueueServerSync(waiting, { kind: "scheduled", startAfterSeconds: 2 });
    // The stop waits one second for the running sync, then hands its job back for a retry.
    await first.stop({ timeoutSeconds: 1 });
    const [handedBack] = await db().sql.query<{ state: string }>(`SELECT state::text FROM pgboss.job WHERE id = $1`, [
      (await run(stuckRun.runId)).jobId,
    ]);
    expect(handedBack?.state).toBe("retry");
    abandon();
    const failed = await waitFor(async () => {
      const row = await run(stuckRun.runId);
      return row.status === "failed" ? row : null;
    }, { what: "the abandoned attempt to be recorded" });
    expect(failed).toMatchObject({ attempt: 1, error: "worker stopped" });
    expect(failed.nextRetryAt).toBeInstanceOf(Date);

    const { jobs: second, calls } = build();
    await second.start();
    await waitFor(async () => (await run(stuckRun.runId)).status === "success" && (await run(waitingRun.runId)).status === "success", {
      what: "both runs to succeed after the restart",
    });
    expect(calls.server.map((c) => c.serverId).sort()).toEqual([stuck, waiting].sort());
    expect(await run(stuckRun.runId)).toMatchObject({ status: "success", attempt: 2, error: null, nextRetryAt: null });
  });

  it("never runs two syncs of one server at once, even with duplicate jobs", async () => {
    const installationId = await seedInstallation(db());
    const serverId = await seedServer(db(), installationId);
    let running = 0;
    let overlap = 0;
    const finished: string[] = [];
    const { jobs } = build({
      settings: { concurrency: { server: 3, cloud: 1, recount: 1 } },
      syncServer: async (_id, r) => {
        running += 1;
        overlap = Math.max(overlap, running);
        await new Promise((resolve) => setTimeout(resolve, 200));
        running -= 1;
        finished.push(r.id);
        return { usersSeen: 1 };
      },
    });
    await jobs.start();
    const runIds = await duplicateJobs(db(), jobs.boss, installationId, serverId, 3);
    await waitFor(() => finished.length === 3, { what: "the three duplicate runs" });
    expect(overlap).toBe(1);
    expect(finished.sort()).toEqual([...runIds].sort());
  });
});

describe("job system settings", () => {
  it("exports the error classes the sync functions throw", () => {
    expect(new TokenRejectedError()).toBeInstanceOf(Error);
    expect(new TokenRejectedError().name).toBe("TokenRejectedError");
    expect(new SyncRefusedError("x", "conflict").reason).toBe("conflict");
  });
});
