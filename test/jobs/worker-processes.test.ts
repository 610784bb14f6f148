// Several replicas on one database: one server never syncs twice at the same time, and "Sync now"
// pressed on two replicas at once queues one run. On PostgreSQL the replicas are real processes;
// PGlite cannot be shared by processes, so there they are two job systems in one process.
import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { once } from "node:events";
import { fileURLToPath } from "node:url";
import { afterEach, beforeEach, expect, it } from "vitest";
import { createJobSystem, type JobSystem } from "../../src/jobs/index.js";
import { duplicateJobs, FAST_JOB_SETTINGS, resetJobQueue, seedInstallation, seedServer } from "../support/job-fixtures.js";
import { captureLog } from "../support/test-app.js";
import { describeEachDatabase, type TestDatabase } from "../support/test-database.js";
import { waitFor } from "../support/wait-for.js";

const WORKER_SCRIPT = fileURLToPath(new URL("../support/job-worker-process.ts", import.meta.url));
const SYNC_MS = 1200;

type Replica = { pid: number; enqueue(serverId: string): Promise<string>; deferrals(): number; stop(): Promise<void>; kill(): Promise<void> };

function processReplica(url: string): Promise<Replica> {
  const child: ChildProcessWithoutNullStreams = spawn(process.execPath, ["--import", "tsx", WORKER_SCRIPT, url, String(SYNC_MS)], {
    stdio: ["pipe", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const replica: Replica = {
    pid: child.pid!,
    kill: async () => {
      child.kill("SIGKILL");
      if (child.exitCode === null && child.signalCode === null) await once(child, "exit");
    },
    enqueue: async (serverId) => {
      const before = stdout.split("\n").length;
      child.stdin.write(`enqueue ${serverId}\n`);
      return waitFor(() => stdout.split("\n").slice(before - 1).find((l) => /^(run|error) /.test(l)), { what: "the replica's answer" });
    },
    deferrals: () => stderr.split("\n").filter((l) => l.includes("subject busy elsewhere")).length,
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill("SIGTERM");
      await once(child, "exit");
    },
  };
  return waitFor(() => stdout.includes("ready\n") && replica, { what: `a worker process to start (stderr: ${stderr.slice(-500)})`, timeoutMs: 30_000 }).catch(
    async (error: unknown) => {
      await replica.stop();
      throw new Error(`${(error as Error).message}\n${stderr.slice(-2000)}`);
    },
  );
}

function inProcessReplica(db: TestDatabase): Promise<Replica> {
  const { log, lines } = captureLog("debug");
  const jobs: JobSystem = createJobSystem({
    db,
    config: { syncCron: "0 3 * * 1" },
    log,
    schedule: false,
    settings: { ...FAST_JOB_SETTINGS, concurrency: { server: 1, cloud: 1, recount: 1 } },
    syncServer: async (serverId, run) => {
      await db.sql.query(`INSERT INTO test_sync_log (server_id, run_id, pid, event, at) VALUES ($1, $2, $3, 'start', clock_timestamp())`, [serverId, run.id, 0]);
      await new Promise((resolve) => setTimeout(resolve, SYNC_MS));
      await db.sql.query(`INSERT INTO test_sync_log (server_id, run_id, pid, event, at) VALUES ($1, $2, $3, 'end', clock_timestamp())`, [serverId, run.id, 0]);
      return { usersSeen: 1 };
    },
    syncCloud: async () => ({ usersSeen: 0 }),
    recount: async () => undefined,
  });
  return jobs.start().then(() => ({
    pid: 0,
    kill: () => Promise.reject(new Error("an in-process replica cannot be killed")),
    enqueue: async (serverId) => {
      const { runId, created } = await jobs.enqueueServerSync(serverId, { kind: "manual" });
      return `run ${runId} ${created}`;
    },
    deferrals: () => lines.filter((l) => l.includes("subject busy elsewhere")).length,
    stop: () => jobs.stop({ timeoutSeconds: 5 }),
  }));
}

describeEachDatabase("replicas on one database", (db, kind) => {
  const replicas: Replica[] = [];
  let enqueuer: JobSystem | undefined;
  beforeEach(async () => {
    await resetJobQueue(db());
    await db().sql.exec(
      `CREATE TABLE IF NOT EXISTS test_sync_log (server_id text, run_id text, pid int, event text, at timestamptz(6))`,
    );
  });
  afterEach(async () => {
    await Promise.all(replicas.splice(0).map((r) => r.stop()));
    await enqueuer?.stop({ timeoutSeconds: 1 });
    enqueuer = undefined;
  });

  const startReplicas = async () => {
    for (let i = 0; i < 2; i++) replicas.push(await (kind === "postgres" ? processReplica(db().url!) : inProcessReplica(db())));
    // Only queues jobs: the lock, not the queue, must keep the duplicates apart.
    enqueuer = createJobSystem({
      db: db(),
      config: { syncCron: "0 3 * * 1" },
      log: captureLog().log,
      // Queue settings (retries) are stored per queue, last start wins: the same as the replicas'.
      settings: FAST_JOB_SETTINGS,
      work: false,
      syncServer: async () => undefined,
      syncCloud: async () => undefined,
      recount: async () => undefined,
    });
    await enqueuer.start();
  };

  it("never syncs one server in two places at once", async () => {
    const installationId = await seedInstallation(db());
    const serverId = await seedServer(db(), installationId);
    await startReplicas();
    const runIds = await duplicateJobs(db(), enqueuer!.boss, installationId, serverId, 3);

    await waitFor(async () => (await db().prisma.syncRun.count({ where: { id: { in: runIds }, status: "success" } })) === 3, {
      what: "the three runs to succeed",
      timeoutMs: 30_000,
    });
    const log = await db().sql.query<{ run_id: string; pid: number; event: string; at: Date }>(
      `SELECT run_id, pid, event, at FROM test_sync_log WHERE server_id = $1 ORDER BY at`,
      [serverId],
    );
    expect(log).toHaveLength(6);
    // Strictly alternating start/end of the same run: no second start before the first end.
    for (let i = 0; i < log.length; i += 2) {
      expect([log[i]!.event, log[i + 1]!.event]).toEqual(["start", "end"]);
      expect(log[i + 1]!.run_id).toBe(log[i]!.run_id);
    }
    expect(new Set(log.map((l) => l.run_id))).toEqual(new Set(runIds));
    // The replicas did meet: at least one job found the server busy in the other replica.
    expect(replicas.reduce((n, r) => n + r.deferrals(), 0)).toBeGreaterThan(0);
  });

  it("queues one run when Sync now is pressed on two replicas at once", async () => {
    const installationId = await seedInstallation(db());
    const serverId = await seedServer(db(), installationId);
    await startReplicas();
    const answers = await Promise.all(replicas.map((r) => r.enqueue(serverId)));
    const runIds = answers.map((a) => a.split(" ")[1]);
    expect(answers.every((a) => a.startsWith("run "))).toBe(true);
    expect(runIds[0]).toBe(runIds[1]);
    expect(answers.map((a) => a.split(" ")[2]).sort()).toEqual(["false", "true"]);
    await waitFor(async () => (await db().prisma.syncRun.findUnique({ where: { id: runIds[0]! } }))?.status === "success", {
      what: "the run to succeed",
      timeoutMs: 30_000,
    });
    expect(await db().prisma.syncRun.count({ where: { serverId } })).toBe(1);
    expect(await db().sql.query(`SELECT run_id FROM test_sync_log WHERE event = 'start'`)).toEqual([{ run_id: runIds[0] }]);
  });

  if (kind === "postgres") {
    it("runs a sync again after the worker running it is killed (kill -9)", async () => {
      const installationId = await seedInstallation(db());
      const serverId = await seedServer(db(), installationId);
      await startReplicas();
      const answer = await replicas[0]!.enqueue(serverId);
      const runId = answer.split(" ")[1]!;
      const [first] = await waitFor(
        () => db().sql.query<{ pid: number }>(`SELECT pid FROM test_sync_log WHERE run_id = $1 AND event = 'start'`, [runId]).then((r) => (r.length ? r : null)),
        { what: "the first attempt to start" },
      );
      const victim = replicas.find((r) => r.pid === first!.pid)!;
      await victim.kill();

      const done = await waitFor(async () => {
        const row = await db().prisma.syncRun.findUniqueOrThrow({ where: { id: runId } });
        return row.status === "success" ? row : null;
      }, { what: "the run to succeed on the surviving replica", timeoutMs: 20_000 });
      expect(done.attempt).toBe(2);
      const log = await db().sql.query<{ pid: number; event: string }>(`SELECT pid, event FROM test_sync_log WHERE run_id = $1 ORDER BY at`, [runId]);
      const survivor = replicas.find((r) => r !== victim)!;
      expect(log).toEqual([
        { pid: victim.pid, event: "start" },
        { pid: survivor.pid, event: "start" },
        { pid: survivor.pid, event: "end" },
      ]);
    });
  }
});
