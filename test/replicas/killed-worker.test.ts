// `kill -9` of the worker in the middle of a sync (a web replica and a worker, as real processes on
// one PostgreSQL database): after a worker starts again the job runs again, the server's user list
// in force is the old one or the new one and never a mix, and the run history says what happened.
// PostgreSQL only: PGlite cannot be shared by processes.
import type { ServerResponse } from "node:http";
import { afterAll, beforeAll, expect, it } from "vitest";
import type { AppProcess } from "../support/app-process.js";
import { startGhesStandIn, type GhesStandIn } from "../support/ghes-stand-in.js";
import { createFleet, PROCESS_TEST_TIMEOUT_MS, loginsInForce, OWNER, ORG, seedGhesServer, seedOrganization, SITE_ADMIN, userReport, type Fleet } from "../support/replica-fleet.js";
import { createTestDatabase, describeOnDatabase, type TestDatabase } from "../support/test-database.js";
import { waitFor } from "../support/wait-for.js";

const OLD_USERS = 3;
const NEW_USERS = 12_000;
/** more than one batch of replace-server-snapshot.ts (5000), so the killed sync had written users */
const SENT_BEFORE_KILL = 6_000;

type RunView = { id: string; status: string; error: string | null; next_retry_at: string | null; users_seen: number | null };

describeOnDatabase("postgres", "a worker killed in the middle of a sync", () => {
  let db: TestDatabase;
  let fleet: Fleet;
  let ghes: GhesStandIn;
  let serverId: string;
  let web: AppProcess;
  let worker: AppProcess;

  beforeAll(async () => {
    db = await createTestDatabase("postgres");
    // A retry waits 3 s, long enough to read the abandoned attempt in the history before it runs again.
    fleet = await createFleet(db, { retry: { limit: 2, delaySeconds: 3, backoff: false } });
    ghes = await startGhesStandIn({ accounts: SITE_ADMIN, report: userReport("old", OLD_USERS) });
    serverId = await seedGhesServer(db, fleet, await seedOrganization(db), "ghes.example.com", ghes.apiUrl);
    [web, worker] = await Promise.all([fleet.start("web", "web"), fleet.start("worker-1", "worker")]);
  }, PROCESS_TEST_TIMEOUT_MS);

  afterAll(async () => {
    await fleet?.stopAll();
    await ghes?.close();
    await db?.close();
  });

  const api = (path: string, init: RequestInit = {}) =>
    fetch(`${web.baseUrl}/api/enterprises/${ORG}${path}`, { ...init, headers: { authorization: `Bearer ${OWNER.token}` } });
  const syncNow = async () => ((await (await api(`/servers/${serverId}/sync`, { method: "POST" })).json()) as { id: string }).id;
  const runView = async (runId: string) => {
    const body = (await (await api(`/sync-runs?server_id=${serverId}`)).json()) as { sync_runs: RunView[] };
    return body.sync_runs.find((r) => r.id === runId);
  };

  it("runs the sync again after a restart, and the users in force are all old, then all new", async () => {
    const first = await syncNow();
    await waitFor(async () => (await runView(first))?.status === "success", { what: "the first sync", timeoutMs: 30_000 });
    const oldLogins = await loginsInForce(db, serverId);
    expect(oldLogins).toHaveLength(OLD_USERS);

    // The next report streams part of its users, then GHES goes quiet.
    const newReport = userReport("new", NEW_USERS);
    const cut = newReport.split("\n").slice(0, SENT_BEFORE_KILL + 1).join("\n") + "\n";
    const held: ServerResponse[] = [];
    ghes.override("/stafftools/reports/all_users.csv", (_req, res) => {
      res.writeHead(200, { "content-type": "text/csv" });
      res.write(cut);
      held.push(res);
    });
    const runId = await syncNow();
    await waitFor(
      async () => {
        const [row] = await db.sql.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM ghes_users u JOIN user_snapshots s ON s.id = u.snapshot_id WHERE s.run_id = $1`,
          [runId],
        );
        return (row?.n ?? 0) > 0;
      },
      { what: "the killed sync to have written part of its users", timeoutMs: 30_000 },
    );
    // Half-written, not in force: the old list is.
    expect(await loginsInForce(db, serverId)).toEqual(oldLogins);

    await worker.kill();
    expect((await worker.exited).signal).toBe("SIGKILL");
    for (const res of held) res.destroy();
    expect(await loginsInForce(db, serverId)).toEqual(oldLogins);
    expect(await runView(runId)).toMatchObject({ status: "running" });

    // GHES answers in full now; a new worker finds the job abandoned and hands it back.
    ghes.override("/stafftools/reports/all_users.csv", (_req, res) => {
      res.writeHead(200, { "content-type": "text/csv" });
      res.end(newReport);
    });
    const restarted = await fleet.start("worker-2", "worker");
    const abandoned = await waitFor(async () => {
      const run = await runView(runId);
      return run?.status === "failed" && run;
    }, { what: "the abandoned attempt in the run history", timeoutMs: 30_000, intervalMs: 100 });
    expect(abandoned.error).toBe("the worker stopped during the job");
    expect(abandoned.next_retry_at).not.toBeNull();
    expect(await loginsInForce(db, serverId)).toEqual(oldLogins);

    const done = await waitFor(async () => {
      const run = await runView(runId);
      return run?.status === "success" && run;
    }, { what: "the sync to run again and succeed", timeoutMs: 30_000 });
    expect(done).toMatchObject({ error: null, next_retry_at: null, users_seen: NEW_USERS });
    expect((await db.prisma.syncRun.findUniqueOrThrow({ where: { id: runId } })).attempt).toBe(2);

    const newLogins = await loginsInForce(db, serverId);
    expect(newLogins).toHaveLength(NEW_USERS);
    expect(newLogins.every((login) => login.startsWith("new-"))).toBe(true);
    expect(restarted.logs().map((l) => l.msg)).toContain("handed back jobs whose worker stopped during the job");
    // Two runs in the history, both successful in the end; the server's summary agrees.
    const history = (await (await api(`/sync-runs?server_id=${serverId}`)).json()) as { total_count: number; sync_runs: RunView[] };
    expect(history.total_count).toBe(2);
    expect(history.sync_runs.map((r) => r.status)).toEqual(["success", "success"]);
    const status = (await (await api("/license-sync-status")).json()) as { server_instances: Array<{ last_sync: { status: string; error: string } }> };
    expect(status.server_instances[0]!.last_sync).toMatchObject({ status: "success", error: "" });
  }, PROCESS_TEST_TIMEOUT_MS);
});
