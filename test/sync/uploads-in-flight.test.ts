import { afterEach, expect, it } from "vitest";
import type { AppDependencies } from "../../src/app.js";
import { acceptUpload } from "../../src/sync/accept-upload.js";
import { processUpload } from "../../src/sync/process-upload.js";
import { receiveUpload } from "../../src/sync/receive-upload.js";
import { settleUploadsInFlight, trackUpload, UPLOAD_STOPPED, UploadStoppedError, uploadsInFlight } from "../../src/sync/uploads-in-flight.js";
import { captureLog, createTestProbot, testConfig, testDependencies } from "../support/test-app.js";
import { seedInstallation, seedServer } from "../support/job-fixtures.js";
import { describeEachDatabase } from "../support/test-database.js";
import { useJobSystems } from "../support/use-job-systems.js";

const HEADER = "created_at,id,login,email,role,suspended?";
const csv = (...logins: string[]) =>
  Buffer.from([HEADER, ...logins.map((login, i) => `2020-01-01 00:00:00 UTC,${i + 1},${login},${login}@example.com,user,false`)].join("\n"));
const FAR = () => Date.now() + 3_600_000;

/** A promise and the function that resolves it. */
function gate(): { opened: Promise<void>; open: () => void } {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { opened, open };
}

/** Lets every promise callback and I/O callback queued so far run. */
const drainTicks = async () => {
  for (let i = 0; i < 20; i += 1) await new Promise((resolve) => setImmediate(resolve));
};

describeEachDatabase("uploads in flight at the graceful stop", (db) => {
  afterEach(() => {
    // Each test settles what it started: the registry is per database, shared by the file's tests.
    expect(uploadsInFlight(db())).toEqual([]);
  });

  async function setup() {
    const installationId = await seedInstallation(db());
    const serverId = await seedServer(db(), installationId, { token: false, licenseSync: "disabled" });
    const first = await receiveUpload(db(), { installationId, serverId, name: "first.csv", content: csv("ada", "bob"), uploadedBy: "owner" });
    expect(await processUpload(db(), first.id)).toEqual({ state: "SUCCESS", rows: 2 });
    const receive = (content: Buffer) => receiveUpload(db(), { installationId, serverId, name: "all_users.csv", content, uploadedBy: "owner" });
    return { installationId, serverId, receive };
  }

  const stateOf = async (serverId: string) => {
    const server = await db().prisma.ghesServer.findUniqueOrThrow({ where: { id: serverId } });
    const users = await db().prisma.ghesUser.findMany({ where: { snapshotId: server.currentSnapshotId! }, orderBy: { ghesId: "asc" } });
    return { currentSnapshotId: server.currentSnapshotId, logins: users.map((u) => u.login), snapshots: await db().prisma.userSnapshot.count({ where: { serverId } }) };
  };

  it("tracks an accepted upload until it is processed and its recount queued; the stop waits for it", async () => {
    const { installationId, serverId } = await setup();
    const recounts: number[] = [];
    const door = { db: db(), now: () => new Date(), engine: { enqueueRecount: async (id: number) => (recounts.push(id), "job") }, log: captureLog().log };
    const receipt = await acceptUpload(door, { installationId, serverId, name: "all_users.csv", content: csv("carol", "dave", "erin"), uploadedBy: "owner" });
    expect(uploadsInFlight(db())).toEqual([receipt.id]);

    expect(await settleUploadsInFlight(db(), FAR(), captureLog().log)).toEqual([]);
    expect(uploadsInFlight(db())).toEqual([]);
    expect(await db().prisma.upload.findUniqueOrThrow({ where: { id: receipt.id } })).toMatchObject({ state: "SUCCESS", rows: 3 });
    expect(recounts).toEqual([installationId]);
    expect((await stateOf(serverId)).logins).toEqual(["carol", "dave", "erin"]);
  });

  it("does not return before the upload in flight has finished", async () => {
    const { serverId, receive } = await setup();
    const receipt = await receive(csv("carol"));
    const { opened, open } = gate();
    void trackUpload(db(), receipt.id, async (signal) => {
      await opened;
      return processUpload(db(), receipt.id, () => new Date(), signal);
    });
    let returned = false;
    const settling = settleUploadsInFlight(db(), FAR(), captureLog().log).then((stopped) => ((returned = true), stopped));
    await drainTicks();
    expect(returned).toBe(false);
    expect((await db().prisma.upload.findUniqueOrThrow({ where: { id: receipt.id } })).state).toBe("PENDING");

    open();
    expect(await settling).toEqual([]);
    expect(await db().prisma.upload.findUniqueOrThrow({ where: { id: receipt.id } })).toMatchObject({ state: "SUCCESS", rows: 1 });
    expect((await stateOf(serverId)).logins).toEqual(["carol"]);
  });

  it("stops an upload still going at the deadline: FAILURE with the reason, the list in force unchanged", async () => {
    const { serverId, receive } = await setup();
    const before = await stateOf(serverId);
    const receipt = await receive(csv("carol", "dave"));
    const { lines, log } = captureLog();
    // Processing that reaches the import only once the stop has asked it to end.
    void trackUpload(db(), receipt.id, async (signal) => {
      await new Promise((resolve) => signal.addEventListener("abort", resolve, { once: true }));
      return processUpload(db(), receipt.id, () => new Date(), signal);
    });

    expect(await settleUploadsInFlight(db(), Date.now(), log)).toEqual([receipt.id]);
    expect(uploadsInFlight(db())).toEqual([]);
    expect(await db().prisma.upload.findUniqueOrThrow({ where: { id: receipt.id } })).toMatchObject({ state: "FAILURE", error: UPLOAD_STOPPED, content: null });
    expect(await db().prisma.syncRun.findUniqueOrThrow({ where: { id: receipt.runId } })).toMatchObject({ status: "failed", error: UPLOAD_STOPPED });
    expect(await stateOf(serverId)).toEqual(before);
    expect(lines.join("")).toContain("uploads not finished within the grace period were stopped");
  });

  it("an upload stopped in the middle of its rows leaves no partial snapshot and the list in force unchanged", async () => {
    const { serverId, receive } = await setup();
    const before = await stateOf(serverId);
    const receipt = await receive(csv("carol", "dave", "erin", "frank", "grace"));
    // A signal that turns aborted after the third row was read.
    let reads = 0;
    const signal = {
      throwIfAborted() {
        reads += 1;
        if (reads > 3) throw new UploadStoppedError();
      },
    } as unknown as AbortSignal;
    expect(await processUpload(db(), receipt.id, () => new Date(), signal)).toEqual({ state: "FAILURE", error: UPLOAD_STOPPED });
    expect(reads).toBe(4);
    expect(await db().prisma.upload.findUniqueOrThrow({ where: { id: receipt.id } })).toMatchObject({ state: "FAILURE", error: UPLOAD_STOPPED });
    expect(await stateOf(serverId)).toEqual(before);
  });

  it("records FAILURE itself for an upload that does not end when stopped", async () => {
    const { serverId, receive } = await setup();
    const before = await stateOf(serverId);
    const receipt = await receive(csv("carol"));
    // Stuck (a hung database, say) until the test lets it go.
    const { opened, open } = gate();
    const stuck = trackUpload(db(), receipt.id, () => opened);

    expect(await settleUploadsInFlight(db(), Date.now(), captureLog().log, { stoppedMs: 0 })).toEqual([receipt.id]);
    expect(uploadsInFlight(db())).toEqual([receipt.id]);
    expect(await db().prisma.upload.findUniqueOrThrow({ where: { id: receipt.id } })).toMatchObject({ state: "FAILURE", error: UPLOAD_STOPPED, content: null });
    expect(await db().prisma.syncRun.findUniqueOrThrow({ where: { id: receipt.runId } })).toMatchObject({ status: "failed", error: UPLOAD_STOPPED });
    expect(await stateOf(serverId)).toEqual(before);
    open();
    await stuck;
    expect(uploadsInFlight(db())).toEqual([]);
  });

  it("the app registers the upload steps of the stop, which wait for an upload in flight", async () => {
    const { receive } = await setup();
    const stops: Array<{ stop: () => Promise<void>; what: string }> = [];
    const deps: AppDependencies = await testDependencies(db(), {
      config: testConfig({ SHUTDOWN_GRACE_SECONDS: "30" }),
      onStop: (stop, what = "") => stops.push({ stop, what }),
    });
    await createTestProbot(deps);
    expect(stops.map((s) => s.what)).toEqual([
      "uploads being processed: finished within the grace period, else recorded as failed",
      "uploads being processed: the grace period starts",
    ]);

    const receipt = await receive(csv("carol"));
    const { opened, open } = gate();
    void trackUpload(db(), receipt.id, async (signal) => {
      await opened;
      return processUpload(db(), receipt.id, () => new Date(), signal);
    });
    let stopped = false;
    // As stop-app.ts runs them: in reverse order of registration.
    const stopping = (async () => {
      for (const { stop } of [...stops].reverse()) await stop();
      stopped = true;
    })();
    await drainTicks();
    expect(stopped).toBe(false);
    open();
    await stopping;
    expect(await db().prisma.upload.findUniqueOrThrow({ where: { id: receipt.id } })).toMatchObject({ state: "SUCCESS", rows: 1 });
  });
});

describeEachDatabase("an upload finished during the stop", (db) => {
  const build = useJobSystems(db);

  it("still queues its recount: the stop runs after the job queue's own stop", async () => {
    const installationId = await seedInstallation(db());
    const jobs = build();
    await jobs.start();
    await jobs.stop({ timeoutSeconds: 1 });
    expect(await jobs.enqueueRecount(installationId)).toEqual(expect.any(String));
    const [queued] = await db().sql.query<{ data: unknown }>(`SELECT data FROM pgboss.job WHERE name = 'recount'`);
    expect(queued?.data).toEqual({ installationId });
  });
});
