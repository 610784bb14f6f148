import { afterEach, beforeEach, expect, it } from "vitest";
import { createJobSystem, type JobSystem } from "../../src/jobs/index.js";
import { FAST_JOB_SETTINGS, resetJobQueue, seedInstallation, seedServer } from "../support/job-fixtures.js";
import { captureLog } from "../support/test-app.js";
import { describeEachDatabase } from "../support/test-database.js";
import { waitFor } from "../support/wait-for.js";

/** A daily cron whose tick is the current minute, so it fires now and not again during the test. */
async function cronForThisMinute(): Promise<string> {
  // Too close to the minute's end, the two replicas could see two different ticks: wait it out.
  await waitFor(() => new Date().getUTCSeconds() < 50, { what: "a fresh minute", timeoutMs: 20_000, intervalMs: 200 });
  const now = new Date();
  return `${now.getUTCMinutes()} ${now.getUTCHours()} * * *`;
}

describeEachDatabase("scheduled fan-out", (db) => {
  const systems: JobSystem[] = [];
  beforeEach(async () => {
    await resetJobQueue(db());
  });
  afterEach(async () => {
    while (systems.length) await systems.pop()!.stop({ timeoutSeconds: 1 });
  });

  it("fans out once per cron tick with two replicas scheduling the same cron", async () => {
    const installationId = await seedInstallation(db());
    const servers = [await seedServer(db(), installationId), await seedServer(db(), installationId)];
    const synced: string[] = [];
    const syncCron = await cronForThisMinute();
    for (let i = 0; i < 2; i++) {
      systems.push(
        createJobSystem({
          db: db(),
          config: { syncCron },
          log: captureLog().log,
          settings: FAST_JOB_SETTINGS,
          syncServer: async (serverId) => {
            synced.push(serverId);
            return { usersSeen: 1 };
          },
          syncCloud: async () => ({ usersSeen: 0 }),
          recount: async () => undefined,
        }),
      );
    }
    await Promise.all(systems.map((s) => s.start()));

    const schedules = await db().sql.query<{ name: string; cron: string }>(`SELECT name, cron FROM pgboss.schedule`);
    expect(schedules).toEqual([{ name: "sync-fanout", cron: syncCron }]);
    await waitFor(() => synced.length === 2, { what: "both servers to sync" });
    const [firstTick] = await db().sql.query<{ cron_on: Date }>(`SELECT cron_on FROM pgboss.version`);
    // Let the replicas look at the schedule a few more times within the same tick.
    await waitFor(
      async () => {
        const [row] = await db().sql.query<{ cron_on: Date }>(`SELECT cron_on FROM pgboss.version`);
        return row!.cron_on.getTime() >= firstTick!.cron_on.getTime() + 2_500;
      },
      { what: "more cron evaluations" },
    );

    const fanouts = await db().sql.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM (SELECT id FROM pgboss.job WHERE name = 'sync-fanout' UNION ALL SELECT id FROM pgboss.archive WHERE name = 'sync-fanout') j`,
    );
    expect(fanouts).toEqual([{ n: 1 }]);
    expect(synced.sort()).toEqual([...servers].sort());
    const runs = await db().prisma.syncRun.findMany({ where: { target: { in: ["server", "cloud"] } } });
    expect(runs).toHaveLength(3);
    expect(runs.every((r) => r.kind === "scheduled" && r.status === "success")).toBe(true);
  });

  it("refuses to start with a cron expression it cannot read, naming SYNC_CRON, and schedules nothing", async () => {
    const jobs = createJobSystem({
      db: db(),
      config: { syncCron: "61 * * * *" },
      log: captureLog().log,
      settings: FAST_JOB_SETTINGS,
      syncServer: async () => undefined,
      syncCloud: async () => undefined,
      recount: async () => undefined,
    });
    systems.push(jobs);
    await expect(jobs.start()).rejects.toThrow(/SYNC_CRON "61 \* \* \* \*" is not a cron expression/);
    expect(await db().sql.query(`SELECT name FROM pgboss.schedule`)).toEqual([]);
  });
});
