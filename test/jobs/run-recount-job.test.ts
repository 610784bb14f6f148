import { expect, it } from "vitest";
import { seedInstallation, seedServer } from "../support/job-fixtures.js";
import { useJobSystems } from "../support/use-job-systems.js";
import { describeEachDatabase } from "../support/test-database.js";
import { waitFor } from "../support/wait-for.js";

describeEachDatabase("recount jobs", (db) => {
  const build = useJobSystems(db);

  const recountOutputs = () =>
    db().sql.query<{ state: string; output: { status?: string } | null }>(
      `SELECT state::text, output FROM pgboss.job WHERE name = 'recount' AND state IN ('completed', 'failed') ORDER BY completed_on`,
    );

  it("waits while a pull of the installation is still queued, then recounts once it is done", async () => {
    const installationId = await seedInstallation(db());
    const serverId = await seedServer(db(), installationId);
    const counted: number[] = [];
    const web = build({ work: false });
    await web.start();
    const { runId } = await web.enqueueServerSync(serverId, { kind: "scheduled", startAfterSeconds: 3000 });
    const worker = build({ recount: async (id) => void counted.push(id) });
    await worker.start();

    expect(await worker.enqueueRecount(installationId)).not.toBeNull();
    await waitFor(async () => (await recountOutputs()).length === 1, { what: "the first recount job" });
    expect((await recountOutputs())[0]!.output).toMatchObject({ status: "waiting" });
    expect(counted).toEqual([]);

    await db().prisma.syncRun.update({ where: { id: runId }, data: { status: "success" } });
    await worker.enqueueRecount(installationId);
    await waitFor(async () => (await db().prisma.syncRun.count({ where: { target: "recount", status: "success" } })) === 1, { what: "the recount" });
    expect(counted).toEqual([installationId]);
    expect(await db().prisma.syncRun.findMany({ where: { target: "recount" } })).toMatchObject([{ installationId, status: "success", kind: "scheduled" }]);
  });

  it("collapses recounts asked for while one is waiting", async () => {
    const installationId = await seedInstallation(db());
    const web = build({ work: false, settings: { recountDelaySeconds: 600 } });
    await web.start();
    const first = await web.enqueueRecount(installationId);
    expect(first).not.toBeNull();
    expect(await web.enqueueRecount(installationId)).toBeNull();
    expect(await web.enqueueRecount(installationId)).toBeNull();
    expect(await web.enqueueRecount(await seedInstallation(db()))).not.toBeNull();
  });

  it("records a failed recount and retries it", async () => {
    const installationId = await seedInstallation(db());
    let calls = 0;
    const worker = build({
      recount: async () => {
        calls += 1;
        if (calls === 1) throw new Error("recount failed half-way");
      },
    });
    await worker.start();
    // The recount queue's own retry delay is a minute; this test's job asks for one second.
    await worker.boss.send("recount", { installationId }, { singletonKey: String(installationId), retryDelay: 1, retryLimit: 1 });
    await waitFor(() => calls === 2, { what: "the retried recount" });
    await waitFor(async () => (await db().prisma.syncRun.count({ where: { target: "recount", status: "success" } })) === 1);
    const rows = await db().prisma.syncRun.findMany({ where: { target: "recount" }, orderBy: { startedAt: "asc" } });
    expect(rows.map((r) => [r.status, r.error, r.attempt])).toEqual([
      ["failed", "recount failed half-way", 1],
      ["success", null, 2],
    ]);
  });

  it("skips an installation that was uninstalled", async () => {
    const installationId = await seedInstallation(db(), { deleted: true });
    const counted: number[] = [];
    const worker = build({ recount: async (id) => void counted.push(id) });
    await worker.start();
    await worker.enqueueRecount(installationId);
    await waitFor(async () => (await recountOutputs()).length === 1, { what: "the recount job" });
    expect((await recountOutputs())[0]!.output).toMatchObject({ status: "skipped" });
    expect(counted).toEqual([]);
    expect(await db().prisma.syncRun.count()).toBe(0);
  });
});
