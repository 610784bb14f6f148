import { expect, it } from "vitest";
import { seedInstallation, seedServer } from "../support/job-fixtures.js";
import { useJobSystems } from "../support/use-job-systems.js";
import { describeEachDatabase } from "../support/test-database.js";
import { waitFor } from "../support/wait-for.js";

describeEachDatabase("recovery of abandoned jobs", (db) => {
  const build = useJobSystems(db, { syncServer: async () => ({ usersSeen: 9 }), settings: { retry: { limit: 2, delaySeconds: 2, backoff: false } } });

  const run = (id: string) => db().prisma.syncRun.findUniqueOrThrow({ where: { id } });

  it("hands back a job left active by a worker that died, and the retry runs it", async () => {
    const installationId = await seedInstallation(db());
    const serverId = await seedServer(db(), installationId);
    const web = build({ work: false });
    await web.start();
    const { runId } = await web.enqueueServerSync(serverId, { kind: "manual" });
    // A worker takes the job and dies with it: active, started a while ago, no lock held.
    const [taken] = await web.boss.fetch("sync-server");
    expect(taken?.data).toMatchObject({ runId });
    await db().sql.query(`UPDATE sync_runs SET status = 'running', attempt = 1, started_at = now() WHERE id = $1`, [runId]);
    await db().sql.query(`UPDATE pgboss.job SET started_on = now() - interval '10 minutes' WHERE id = $1`, [taken!.id]);

    await build().start();
    const failed = await waitFor(async () => {
      const row = await run(runId);
      return row.status === "failed" ? row : null;
    }, { what: "the abandoned attempt to be recorded" });
    expect(failed).toMatchObject({ attempt: 1, error: "the worker stopped during the job" });
    expect(failed.nextRetryAt).toBeInstanceOf(Date);
    await waitFor(async () => (await run(runId)).status === "success", { what: "the retry to succeed" });
    expect(await run(runId)).toMatchObject({ attempt: 2, usersSeen: 9, error: null });
  });

  it("leaves a long job alone while its worker is alive", async () => {
    const installationId = await seedInstallation(db());
    const serverId = await seedServer(db(), installationId);
    let finish!: () => void;
    const finished = new Promise<void>((resolve) => (finish = resolve));
    const worker = build({ syncServer: () => finished.then(() => ({ usersSeen: 1 })) });
    await worker.start();
    const { runId } = await worker.enqueueServerSync(serverId, { kind: "manual" });
    const running = await waitFor(async () => {
      const row = await run(runId);
      return row.status === "running" ? row : null;
    }, { what: "the sync to start" });
    await db().sql.query(`UPDATE pgboss.job SET started_on = now() - interval '10 minutes' WHERE id = $1`, [running.jobId]);

    // Another replica starts; its start includes one pass over active jobs.
    await build().start();
    const [job] = await db().sql.query<{ state: string; retry_count: number }>(`SELECT state::text, retry_count FROM pgboss.job WHERE id = $1`, [
      running.jobId,
    ]);
    expect(job).toEqual({ state: "active", retry_count: 0 });
    expect((await run(runId)).status).toBe("running");
    finish();
    await waitFor(async () => (await run(runId)).status === "success", { what: "the sync to finish" });
    expect(await run(runId)).toMatchObject({ attempt: 1, error: null });
  });
});
