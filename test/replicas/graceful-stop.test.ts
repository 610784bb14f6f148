// SIGTERM to a worker process in the middle of a sync (real processes on one PostgreSQL database):
// it stops taking HTTP requests and jobs, lets the running sync finish within its grace period and
// exits 0, each step logged; a sync that outlasts the grace period is handed back to the queue and
// runs again on the next worker. PostgreSQL only: PGlite cannot be shared by processes.
import type { ServerResponse } from "node:http";
import { afterAll, beforeAll, beforeEach, expect, it } from "vitest";
import { HANDED_BACK } from "../../src/engine/mark-handed-back-runs.js";
import { QUEUES } from "../../src/jobs/index.js";
import type { AppProcess } from "../support/app-process.js";
import { startGhesStandIn, type GhesStandIn } from "../support/ghes-stand-in.js";
import { createFleet, PROCESS_TEST_TIMEOUT_MS, loginsInForce, OWNER, ORG, seedGhesServer, seedOrganization, SITE_ADMIN, type Fleet } from "../support/replica-fleet.js";
import { createTestDatabase, describeOnDatabase, type TestDatabase } from "../support/test-database.js";
import { waitFor } from "../support/wait-for.js";

const REPORT_PATH = "/stafftools/reports/all_users.csv";

describeOnDatabase("postgres", "SIGTERM to a worker in the middle of a sync", () => {
  let db: TestDatabase;
  let fleet: Fleet;
  let ghes: GhesStandIn;
  let serverId: string;
  let web: AppProcess;
  let held: ServerResponse[];

  beforeAll(async () => {
    db = await createTestDatabase("postgres");
    fleet = await createFleet(db);
    ghes = await startGhesStandIn({ accounts: SITE_ADMIN });
    serverId = await seedGhesServer(db, fleet, await seedOrganization(db), "ghes.example.com", ghes.apiUrl);
    web = await fleet.start("web", "web");
  }, PROCESS_TEST_TIMEOUT_MS);

  afterAll(async () => {
    await fleet?.stopAll();
    await ghes?.close();
    await db?.close();
  });

  beforeEach(() => {
    // GHES sends the header of its report, then waits for the test.
    held = [];
    ghes.override(REPORT_PATH, (_req, res) => {
      res.writeHead(200, { "content-type": "text/csv" });
      res.write("created_at,id,login,email,role,suspended?,dormant?\n");
      held.push(res);
    });
  });

  const syncNow = async () => {
    const answer = await fetch(`${web.baseUrl}/api/enterprises/${ORG}/servers/${serverId}/sync`, {
      method: "POST",
      headers: { authorization: `Bearer ${OWNER.token}` },
    });
    return ((await answer.json()) as { id: string }).id;
  };
  const run = (id: string) => db.prisma.syncRun.findUniqueOrThrow({ where: { id } });
  const reportRequested = (count: number) =>
    waitFor(() => held.length >= count, { what: "the worker to ask GHES for the report", timeoutMs: 30_000 });
  const messages = (replica: AppProcess) => replica.logs().map((l) => l.msg);

  it("lets the running sync finish, then exits 0, logging each step", async () => {
    const worker = await fleet.start("worker-finishing", "worker", { SHUTDOWN_GRACE_SECONDS: "30" });
    const runId = await syncNow();
    await reportRequested(1);

    const exitCode = worker.stop();
    await waitFor(() => messages(worker).some((m) => m.startsWith("Stopping: jobs")), { what: "the worker to stop taking jobs" });
    // No more HTTP: the listener is closed while the sync still runs.
    await expect(fetch(`${worker.baseUrl}/healthz`)).rejects.toThrow();
    expect((await run(runId)).status).toBe("running");
    held[0]!.end("2020-01-01 00:00:00 UTC,1,ada,ada@example.com,user,false,false\n");

    expect(await exitCode).toBe(0);
    expect(await run(runId)).toMatchObject({ status: "success", attempt: 1, usersSeen: 1 });
    expect(await loginsInForce(db, serverId)).toEqual(["ada"]);
    const steps = messages(worker).filter((m) => /^(SIGTERM|Stopping|Stopped)/.test(m));
    expect(steps).toEqual([
      "SIGTERM received: stopping gracefully (up to 30 s for running jobs)",
      "Stopping: taking no new HTTP requests, finishing the ones in flight",
      "Stopping: housekeeping",
      "Stopping: jobs: no new ones taken; running ones get up to 30 s, then are handed back for a retry",
      "Stopping: database closed",
      "Stopped",
    ]);
    expect(messages(worker).indexOf("sync run succeeded")).toBeLessThan(messages(worker).indexOf("Stopping: database closed"));
  }, PROCESS_TEST_TIMEOUT_MS);

  it("hands back a sync that outlasts the grace period, and the next worker runs it", async () => {
    const worker = await fleet.start("worker-impatient", "worker", { SHUTDOWN_GRACE_SECONDS: "1" });
    const runId = await syncNow();
    await reportRequested(1);

    expect(await worker.stop()).toBe(0);
    // pg-boss failed the job for a retry: it is waiting again, not lost.
    const [job] = await db.sql.query<{ state: string }>(`SELECT state FROM pgboss.job WHERE name = $1 AND data->>'runId' = $2`, [QUEUES.server, runId]);
    expect(job?.state).toBe("retry");
    // The history says so at once, rather than "running" until the retry starts.
    expect(await run(runId)).toMatchObject({ status: "failed", attempt: 1, error: HANDED_BACK, nextRetryAt: expect.any(Date) });
    expect(messages(worker)).toContain("Stopping: runs still going after the grace period were handed back for a retry");
    expect(await loginsInForce(db, serverId)).toEqual(["ada"]);
    for (const res of held) res.destroy();

    ghes.override(REPORT_PATH, (_req, res) => {
      res.writeHead(200, { "content-type": "text/csv" });
      res.end("created_at,id,login,email,role,suspended?,dormant?\n2020-01-01 00:00:00 UTC,2,bob,bob@example.com,user,false,false\n");
    });
    await fleet.start("worker-next", "worker");
    await waitFor(async () => (await run(runId)).status === "success", { what: "the handed-back sync to run again", timeoutMs: 30_000 });
    expect((await run(runId)).attempt).toBe(2);
    expect(await loginsInForce(db, serverId)).toEqual(["bob"]);
  }, PROCESS_TEST_TIMEOUT_MS);
});
