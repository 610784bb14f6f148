import { expect, it } from "vitest";
import { processUpload } from "../../src/sync/process-upload.js";
import { receiveUpload } from "../../src/sync/receive-upload.js";
import { recoverStaleUploads, STALE_UPLOAD_MINUTES, UPLOAD_STOPPED } from "../../src/sync/recover-stale-uploads.js";
import { seedInstallation, seedServer } from "../support/job-fixtures.js";
import { describeEachDatabase } from "../support/test-database.js";

const MINUTE = 60_000;
const NOW = new Date("2026-11-29T12:00:00Z");
const HEADER = "created_at,id,login,email,role,suspended?";
const csv = (...rows: string[]) => Buffer.from([HEADER, ...rows].join("\n"));
const row = (id: number, login: string) => `2020-01-01 00:00:00 UTC,${id},${login},${login}@example.com,user,false`;

describeEachDatabase("recoverStaleUploads", (db) => {
  async function setup() {
    const installationId = await seedInstallation(db());
    const serverId = await seedServer(db(), installationId, { token: false, licenseSync: "disabled" });
    // The list in force: two users from an earlier upload.
    const first = await receiveUpload(db(), { installationId, serverId, name: "first.csv", content: csv(row(1, "ada"), row(2, "bob")), uploadedBy: "owner" });
    expect(await processUpload(db(), first.id)).toEqual({ state: "SUCCESS", rows: 2 });
    const upload = async (name: string, ageMinutes: number) => {
      const receipt = await receiveUpload(db(), { installationId, serverId, name, content: csv(row(3, "carol")), uploadedBy: "owner" });
      await db().prisma.upload.update({ where: { id: receipt.id }, data: { createdAt: new Date(NOW.getTime() - ageMinutes * MINUTE) } });
      return receipt;
    };
    return { installationId, serverId, first, upload };
  }

  const usersOf = async (serverId: string) => {
    const server = await db().prisma.ghesServer.findUniqueOrThrow({ where: { id: serverId } });
    const users = await db().prisma.ghesUser.findMany({ where: { snapshotId: server.currentSnapshotId! }, orderBy: { ghesId: "asc" } });
    return { server, users, snapshots: await db().prisma.userSnapshot.findMany({ where: { serverId }, orderBy: { id: "asc" } }) };
  };

  it("records an upload PENDING past the bound as FAILURE with the reason, and leaves the rest and the users alone", async () => {
    const { serverId, first, upload } = await setup();
    const stale = await upload("stale.csv", STALE_UPLOAD_MINUTES + 1);
    // Its process died while processing it: the run reads running.
    await db().prisma.syncRun.update({ where: { id: stale.runId }, data: { status: "running", startedAt: new Date(NOW.getTime() - 31 * MINUTE) } });
    const fresh = await upload("fresh.csv", STALE_UPLOAD_MINUTES - 1);
    const failedBefore = await upload("bad.csv", 120);
    await db().prisma.upload.update({ where: { id: failedBefore.id }, data: { state: "FAILURE", error: "all_users.csv line 2: bad", content: null } });
    await db().prisma.upload.update({ where: { id: first.id }, data: { createdAt: new Date(NOW.getTime() - 120 * MINUTE) } });
    const finished = await db().prisma.upload.findMany({ where: { id: { in: [first.id, failedBefore.id] } }, orderBy: { id: "asc" } });
    const finishedRuns = await db().prisma.syncRun.findMany({ where: { id: { in: [first.runId, failedBefore.runId] } }, orderBy: { id: "asc" } });
    const before = await usersOf(serverId);
    expect(before.users.map((u) => u.login)).toEqual(["ada", "bob"]);

    const failed = await recoverStaleUploads(db(), NOW);

    expect(failed.map((u) => u.id)).toEqual([stale.id]);
    expect(await db().prisma.upload.findUniqueOrThrow({ where: { id: stale.id } })).toMatchObject({
      state: "FAILURE",
      error: UPLOAD_STOPPED,
      content: null,
      rows: null,
      finishedAt: NOW,
    });
    expect(await db().prisma.syncRun.findUniqueOrThrow({ where: { id: stale.runId } })).toMatchObject({ status: "failed", error: UPLOAD_STOPPED, finishedAt: NOW });
    // Still within the bound: a live process may be on it.
    expect(await db().prisma.upload.findUniqueOrThrow({ where: { id: fresh.id } })).toMatchObject({ state: "PENDING", error: null, finishedAt: null });
    expect((await db().prisma.upload.findUniqueOrThrow({ where: { id: fresh.id } })).content).not.toBeNull();
    expect(await db().prisma.syncRun.findUniqueOrThrow({ where: { id: fresh.runId } })).toMatchObject({ status: "queued", error: null });
    // Finished uploads and their runs are untouched.
    expect(await db().prisma.upload.findMany({ where: { id: { in: [first.id, failedBefore.id] } }, orderBy: { id: "asc" } })).toEqual(finished);
    expect(await db().prisma.syncRun.findMany({ where: { id: { in: [first.runId, failedBefore.runId] } }, orderBy: { id: "asc" } })).toEqual(finishedRuns);
    // The server, its list in force and its snapshots are as they were.
    expect(await usersOf(serverId)).toEqual(before);

    // Done once: a second pass finds nothing.
    expect(await recoverStaleUploads(db(), NOW)).toEqual([]);
  });

  it("fails the upload at the bound's end, not before", async () => {
    const { upload } = await setup();
    const receipt = await upload("edge.csv", STALE_UPLOAD_MINUTES);
    expect(await recoverStaleUploads(db(), NOW)).toEqual([]);
    expect(await recoverStaleUploads(db(), new Date(NOW.getTime() + 1))).toMatchObject([{ id: receipt.id }]);
  });
});
