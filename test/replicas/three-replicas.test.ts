// Three app processes (`src/main.ts`, two APP_ROLE=all and one worker) on one PostgreSQL database,
// GitHub and GHES stood in by real HTTP servers: the weekly fan-out runs each server's sync exactly
// once whichever replicas evaluate the schedule, "Sync now" pressed on two replicas at once runs
// once, and the worker takes no webhooks or API calls. PostgreSQL only: PGlite is one process's.
import { createHmac, randomUUID } from "node:crypto";
import pg from "pg";
import { afterAll, beforeAll, expect, it } from "vitest";
import { lockKey } from "../../src/jobs/lock-key.js";
import { QUEUES } from "../../src/jobs/index.js";
import { subjectLockName } from "../../src/jobs/subject-lock-name.js";
import type { AppProcess } from "../support/app-process.js";
import { startGhesStandIn, type GhesStandIn } from "../support/ghes-stand-in.js";
import { createFleet, PROCESS_TEST_TIMEOUT_MS, OWNER, ORG, seedGhesServer, seedOrganization, SITE_ADMIN, userReport, type Fleet } from "../support/replica-fleet.js";
import { TEST_WEBHOOK_SECRET } from "../support/test-app.js";
import { createTestDatabase, describeOnDatabase, type TestDatabase } from "../support/test-database.js";
import { waitFor } from "../support/wait-for.js";

/** A cron for one minute only: the current one when enough of it is left, else the next. */
function cronForOneMinute(now = new Date()): string {
  const at = new Date(now.getTime() + (now.getUTCSeconds() < 50 ? 0 : 60_000));
  return `${at.getUTCMinutes()} ${at.getUTCHours()} ${at.getUTCDate()} ${at.getUTCMonth() + 1} *`;
}

describeOnDatabase("postgres", "three app processes on one database", () => {
  let db: TestDatabase;
  let fleet: Fleet;
  let ghes: GhesStandIn[];
  let serverIds: string[];
  let replicas: AppProcess[];

  beforeAll(async () => {
    db = await createTestDatabase("postgres");
    fleet = await createFleet(db);
    const installationId = await seedOrganization(db);
    ghes = await Promise.all([1, 2, 3].map((n) => startGhesStandIn({ accounts: SITE_ADMIN, report: userReport(`ghes${n}`, 3) })));
    serverIds = [];
    for (const [i, standIn] of ghes.entries()) serverIds.push(await seedGhesServer(db, fleet, installationId, `ghes${i + 1}.example.com`, standIn.apiUrl));
    // A schedule that does not come due during the test by itself (see the first test).
    const cron = { SYNC_CRON: "0 0 1 1 *" };
    replicas = await Promise.all([fleet.start("all-1", "all", cron), fleet.start("all-2", "all", cron), fleet.start("worker", "worker", cron)]);
  }, PROCESS_TEST_TIMEOUT_MS);

  afterAll(async () => {
    await fleet?.stopAll();
    await Promise.all((ghes ?? []).map((g) => g.close()));
    await db?.close();
  });

  const csvRequests = (standIn: GhesStandIn) => standIn.requests.filter((r) => r.path === "/stafftools/reports/all_users.csv").length;
  const logged = (message: string) => replicas.flatMap((r) => r.logs()).filter((l) => l.msg === message);

  it("runs each server's sync exactly once when the weekly fan-out comes due", async () => {
    // The schedule comes due now, while all three replicas evaluate it: as if SYNC_CRON named
    // this minute. (pg-boss reads the schedule from the database at every check.)
    await db.sql.query(`UPDATE pgboss.schedule SET cron = $2 WHERE name = $1`, [QUEUES.fanout, cronForOneMinute()]);
    await waitFor(
      async () => (await db.prisma.syncRun.count({ where: { kind: "scheduled", target: "server", status: "success" } })) === serverIds.length,
      { what: "the scheduled syncs of the three servers", timeoutMs: 90_000, intervalMs: 200 },
    );
    for (const serverId of serverIds) {
      const runs = await db.prisma.syncRun.findMany({ where: { serverId } });
      expect(runs.map((r) => ({ kind: r.kind, status: r.status, attempt: r.attempt }))).toEqual([{ kind: "scheduled", status: "success", attempt: 1 }]);
    }
    expect(ghes.map(csvRequests)).toEqual([1, 1, 1]);
    // One fan-out in all, from whichever replica's timekeeper got the tick.
    const [fanOuts] = await db.sql.query<{ n: number }>(
      `SELECT (SELECT count(*) FROM pgboss.job WHERE name = $1) + (SELECT count(*) FROM pgboss.archive WHERE name = $1) AS n`,
      [QUEUES.fanout],
    );
    expect(Number(fanOuts!.n)).toBe(1);
    expect(logged("sync fan-out queued")).toHaveLength(1);
    // The cloud side of the organization was pulled once too.
    expect(await db.prisma.syncRun.count({ where: { target: "cloud", kind: "scheduled" } })).toBe(1);
  }, PROCESS_TEST_TIMEOUT_MS);

  it("queues and runs one sync when Sync now is pressed on two replicas at once", async () => {
    const serverId = serverIds[0]!;
    const before = csvRequests(ghes[0]!);
    // Hold the server's lock while the two presses land, so that no worker can start the run in
    // between: the second press must find the first one's run waiting, whatever the timing.
    const holder = new pg.Client({ connectionString: db.url });
    await holder.connect();
    const key = lockKey(subjectLockName(QUEUES.server, { target: "server", key: serverId })!);
    try {
      await holder.query("SELECT pg_advisory_lock($1::bigint)", [key]);
      const press = (replica: AppProcess) =>
        fetch(`${replica.baseUrl}/api/enterprises/${ORG}/servers/${serverId}/sync`, { method: "POST", headers: { authorization: `Bearer ${OWNER.token}` } });
      const answers = await Promise.all([press(replicas[0]!), press(replicas[1]!)]);
      expect(answers.map((a) => a.status)).toEqual([202, 202]);
      const [first, second] = (await Promise.all(answers.map((a) => a.json()))) as Array<{ id: string; status: string }>;
      expect(first).toEqual({ id: expect.any(String), status: "queued" });
      expect(second).toEqual(first);
    } finally {
      await holder.query("SELECT pg_advisory_unlock($1::bigint)", [key]);
      await holder.end();
    }
    await waitFor(async () => (await db.prisma.syncRun.findFirst({ where: { serverId, kind: "manual" } }))?.status === "success", {
      what: "the manual run to succeed",
      timeoutMs: 30_000,
    });
    expect(await db.prisma.syncRun.count({ where: { serverId, kind: "manual" } })).toBe(1);
    expect(csvRequests(ghes[0]!)).toBe(before + 1);
  }, PROCESS_TEST_TIMEOUT_MS);

  it("has the worker refuse webhooks and API calls while it answers health checks", async () => {
    const worker = replicas[2]!;
    expect((await fetch(`${worker.baseUrl}/healthz`)).status).toBe(200);
    expect((await fetch(`${worker.baseUrl}/readyz`)).status).toBe(200);
    const api = await fetch(`${worker.baseUrl}/api/enterprises/${ORG}/servers`, { headers: { authorization: `Bearer ${OWNER.token}` } });
    expect(api.status).toBe(404);
    expect(((await api.json()) as { message: string }).message).toMatch(/APP_ROLE=worker/);
    const payload = JSON.stringify({ zen: "Keep it logically awesome.", hook_id: 1 });
    const signature = `sha256=${createHmac("sha256", TEST_WEBHOOK_SECRET).update(payload).digest("hex")}`;
    const webhook = (replica: AppProcess) =>
      fetch(`${replica.baseUrl}/api/github/webhooks`, {
        method: "POST",
        headers: { "content-type": "application/json", "x-github-event": "ping", "x-github-delivery": randomUUID(), "x-hub-signature-256": signature },
        body: payload,
      });
    const refused = await webhook(worker);
    expect(refused.status).toBe(404);
    expect(((await refused.json()) as { message: string }).message).toMatch(/APP_ROLE=worker/);
    // The same signed delivery is taken by a replica that serves webhooks.
    expect((await webhook(replicas[0]!)).status).toBe(200);
    expect(worker.logs().map((l) => l.msg)).toContain("Sync engine: working jobs, running the schedule and housekeeping");
  }, PROCESS_TEST_TIMEOUT_MS);
});
