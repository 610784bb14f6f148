// After a graceful stop, a run whose job pg-boss handed back (waiting for its retry) reads as a
// failed attempt with its retry time; runs whose job is still active or already retried are left.
import { beforeEach, expect, it } from "vitest";
import { HANDED_BACK, markHandedBackRuns } from "../../src/engine/mark-handed-back-runs.js";
import { QUEUES, type JobSystem } from "../../src/jobs/index.js";
import { seedInstallation, seedServer } from "../support/job-fixtures.js";
import { describeEachDatabase } from "../support/test-database.js";
import { useJobSystems } from "../support/use-job-systems.js";

describeEachDatabase("markHandedBackRuns", (db) => {
  // Queue-only (work: false): the test puts the jobs in the states a stop leaves them in.
  const build = useJobSystems(db, { work: false });
  let queue: JobSystem;
  beforeEach(async () => {
    queue = build();
    await queue.start();
  });

  /** A run marked running by a worker, with its job put in `state` as pg-boss would. */
  async function runWithJob(state: "retry" | "active", runStatus = "running") {
    const installationId = await seedInstallation(db());
    const serverId = await seedServer(db(), installationId);
    const { runId } = await queue.enqueueServerSync(serverId, { kind: "manual" });
    const [job] = await db().sql.query<{ id: string }>(`SELECT id::text AS id FROM pgboss.job WHERE name = $1 AND data->>'runId' = $2`, [QUEUES.server, runId]);
    await db().sql.query(`UPDATE pgboss.job SET state = $2, start_after = '2030-01-01T00:00:00Z' WHERE id = $1::uuid`, [job!.id, state]);
    await db().sql.query(`UPDATE sync_runs SET status = $3, attempt = 1, job_id = $2, started_at = now() WHERE id = $1`, [runId, job!.id, runStatus]);
    return runId;
  }

  it("writes a handed-back run as failed with its retry time, and only that one", async () => {
    const handedBack = await runWithJob("retry");
    const stillActive = await runWithJob("active");
    const alreadyFailed = await runWithJob("retry", "failed");
    const now = new Date("2029-06-01T00:00:00Z");

    expect(await markHandedBackRuns(db().sql, now)).toEqual([handedBack]);
    const run = (id: string) => db().prisma.syncRun.findUniqueOrThrow({ where: { id } });
    expect(await run(handedBack)).toMatchObject({
      status: "failed",
      error: HANDED_BACK,
      finishedAt: now,
      nextRetryAt: new Date("2030-01-01T00:00:00Z"),
      attempt: 1,
    });
    expect(await run(stillActive)).toMatchObject({ status: "running", error: null });
    expect(await run(alreadyFailed)).toMatchObject({ status: "failed", error: null });
    expect(await markHandedBackRuns(db().sql, now)).toEqual([]);
  });
});
