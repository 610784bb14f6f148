import { expect, it } from "vitest";
import { seedInstallation, seedServer } from "../support/job-fixtures.js";
import { useJobSystems } from "../support/use-job-systems.js";
import { describeEachDatabase } from "../support/test-database.js";
import { waitFor } from "../support/wait-for.js";

describeEachDatabase("jobs put back while their server is busy", (db) => {
  const build = useJobSystems(db, { settings: { concurrency: { server: 2, cloud: 1, recount: 1 } } });
  const run = (id: string) => db().prisma.syncRun.findUniqueOrThrow({ where: { id } });

  it("waits as queued and runs once the server is free (Sync now during a running sync)", async () => {
    const installationId = await seedInstallation(db());
    const serverId = await seedServer(db(), installationId);
    let finishFirst!: () => void;
    const firstDone = new Promise<void>((resolve) => (finishFirst = resolve));
    let syncs = 0;
    const jobs = build({
      syncServer: async () => {
        syncs += 1;
        if (syncs === 1) await firstDone;
        return { usersSeen: syncs };
      },
    });
    await jobs.start();
    const first = await jobs.enqueueServerSync(serverId, { kind: "manual" });
    await waitFor(async () => (await run(first.runId)).status === "running", { what: "the first sync to start" });
    const second = await jobs.enqueueServerSync(serverId, { kind: "manual" });
    expect(second.created).toBe(true);
    const originalJob = (await run(second.runId)).jobId;
    // The second run's job is taken, finds the server busy, and is put back as a new job.
    await waitFor(async () => (await run(second.runId)).jobId !== originalJob, { what: "the second job to be put back" });
    expect(await run(second.runId)).toMatchObject({ status: "queued", attempt: 0 });
    expect(syncs).toBe(1);

    finishFirst();
    await waitFor(async () => (await run(second.runId)).status === "success", { what: "the second run" });
    expect(await run(first.runId)).toMatchObject({ status: "success", usersSeen: 1 });
    expect(await run(second.runId)).toMatchObject({ status: "success", usersSeen: 2, attempt: 1 });
  });

  it("drops a retry that finds another run of its server already waiting", async () => {
    const installationId = await seedInstallation(db());
    const serverId = await seedServer(db(), installationId);
    let finishFirst!: () => void;
    const firstDone = new Promise<void>((resolve) => (finishFirst = resolve));
    const jobs = build({ syncServer: () => firstDone.then(() => ({ usersSeen: 1 })) });
    await jobs.start();

    // A run whose attempt failed; its retry becomes due below.
    const retrying = await db().prisma.syncRun.create({
      data: { installationId, serverId, kind: "scheduled", target: "server", status: "failed", attempt: 1, error: "502" },
    });
    const retryJob = await jobs.boss.send(
      "sync-server",
      { runId: retrying.id, target: "server", key: serverId },
      { singletonKey: serverId, startAfter: 3000 },
    );
    // A sync holds the server meanwhile (an older duplicate, keyed apart).
    const holder = await db().prisma.syncRun.create({ data: { installationId, serverId, kind: "manual", target: "server" } });
    await jobs.boss.send("sync-server", { runId: holder.id, target: "server", key: serverId }, { singletonKey: `${serverId}#holder` });
    await waitFor(async () => (await run(holder.id)).status === "running", { what: "the holder to start" });
    await db().sql.query(`UPDATE pgboss.job SET state = 'retry', start_after = now() + interval '2 seconds' WHERE id = $1`, [retryJob]);
    // And a new run of the same server waits in the one waiting slot.
    const waiting = await jobs.enqueueServerSync(serverId, { kind: "scheduled", startAfterSeconds: 3000 });

    const superseded = await waitFor(async () => {
      const row = await run(retrying.id);
      return row.error === "superseded by another queued sync" ? row : null;
    }, { what: "the retry to be dropped" });
    expect(superseded).toMatchObject({ status: "failed", nextRetryAt: null });
    expect(await run(waiting.runId)).toMatchObject({ status: "queued" });
    finishFirst();
    await waitFor(async () => (await run(holder.id)).status === "success", { what: "the holder to finish" });
  });
});
