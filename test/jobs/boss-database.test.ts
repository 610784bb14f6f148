import PgBoss from "pg-boss";
import pg from "pg";
import { afterEach, beforeEach, expect, it } from "vitest";
import { pgSqlClient } from "../../src/db/sql-client.js";
import { bossDatabase } from "../../src/jobs/boss-database.js";
import { resetJobQueue } from "../support/job-fixtures.js";
import { describeEachDatabase } from "../support/test-database.js";
import { waitFor } from "../support/wait-for.js";

describeEachDatabase("pg-boss on the app's database", (db, kind) => {
  let boss: PgBoss | undefined;
  beforeEach(async () => {
    await resetJobQueue(db());
  });
  afterEach(async () => {
    await boss?.stop({ graceful: false, close: false });
    boss = undefined;
  });

  async function startBoss(): Promise<PgBoss> {
    boss = new PgBoss({ db: bossDatabase(db().sql), pollingIntervalSeconds: 0.5, cronMonitorIntervalSeconds: 1, cronWorkerIntervalSeconds: 1 });
    boss.on("error", () => undefined);
    await boss.start();
    return boss;
  }

  it("installs its schema (a multi-statement script) and reports its version", async () => {
    const b = await startBoss();
    expect(await b.isInstalled()).toBe(true);
    expect(await b.schemaVersion()).toBeGreaterThanOrEqual(24);
    // Installing again is a no-op, as a restart does.
    await b.stop({ graceful: false, close: false });
    await startBoss();
  });

  it("sends, works, fails with a retry, and completes", async () => {
    const b = await startBoss();
    await b.createQueue("exp", { name: "exp", retryLimit: 1, retryDelay: 1 });
    const id = await b.send("exp", { n: 1 });
    const attempts: number[] = [];
    await b.work("exp", { pollingIntervalSeconds: 0.5 }, async () => {
      attempts.push(attempts.length + 1);
      if (attempts.length === 1) throw new Error("first attempt fails");
      return { done: true };
    });
    const job = await waitFor(async () => {
      const j = await b.getJobById("exp", id!);
      return j?.state === "completed" ? j : null;
    }, { what: "the job to complete after its retry" });
    expect(attempts).toEqual([1, 2]);
    expect(job).toMatchObject({ retryCount: 1, output: { done: true } });
  });

  it("inserts a cron schedule's job", async () => {
    const b = await startBoss();
    await b.createQueue("cron-target", { name: "cron-target" });
    await b.schedule("cron-target", "* * * * *", { from: "cron" });
    expect(await b.getSchedules()).toMatchObject([{ name: "cron-target", cron: "* * * * *" }]);
    await waitFor(async () => (await b.getQueueSize("cron-target")) === 1, { what: "the cron job" });
  });

  it("runs pg-boss's own transactions (maintenance) and leaves the connection usable after one fails", async () => {
    const b = await startBoss();
    await b.maintain();
    const script = "BEGIN; SELECT 1; SELECT 1/0; COMMIT;";
    if (kind === "postgres") {
      // One connection, so the next query would inherit an aborted transaction if it were left open.
      const sql = pgSqlClient(new pg.Pool({ connectionString: db().url, max: 1 }));
      try {
        await expect(bossDatabase(sql).executeSql(script, [])).rejects.toThrow(/division by zero/);
        expect(await sql.query("SELECT 2 AS two")).toEqual([{ two: 2 }]);
      } finally {
        await sql.close();
      }
    } else {
      await expect(bossDatabase(db().sql).executeSql(script, [])).rejects.toThrow(/division by zero/);
      expect(await db().sql.query("SELECT 2 AS two")).toEqual([{ two: 2 }]);
    }
  });

  it("reads rows of a parameterless single statement and passes parameters through", async () => {
    const adapter = bossDatabase(db().sql);
    expect((await adapter.executeSql("SELECT 1 AS one", [])).rows).toEqual([{ one: 1 }]);
    expect((await adapter.executeSql("SELECT $1::int + 1 AS n", [41])).rows).toEqual([{ n: 42 }]);
    await expect(adapter.executeSql("SELECT * FROM no_such_table", [])).rejects.toThrow(/no_such_table/);
  });

  it("blocks a singleton/stately queue's head when a key is already active (why the sync queues use 'short')", async () => {
    const b = await startBoss();
    await b.createQueue("stately-probe", { name: "stately-probe", policy: "stately" });
    await b.send("stately-probe", { n: "a" }, { singletonKey: "k" });
    expect(await b.fetch("stately-probe")).toHaveLength(1);
    await b.send("stately-probe", { n: "b" }, { singletonKey: "k" });
    await b.send("stately-probe", { n: "c" }, { singletonKey: "other" });
    // "c" could run, but "b" heads the queue and its key is active: the fetch fails whole.
    expect(await b.fetch("stately-probe")).toEqual([]);

    await b.createQueue("short-probe", { name: "short-probe", policy: "short" });
    expect(await b.send("short-probe", {}, { singletonKey: "k" })).not.toBeNull();
    expect(await b.send("short-probe", {}, { singletonKey: "k" })).toBeNull();
    expect(await b.fetch("short-probe")).toHaveLength(1);
    expect(await b.send("short-probe", {}, { singletonKey: "k" })).not.toBeNull();
    expect(await b.fetch("short-probe")).toHaveLength(1);
  });
});
