import { expect, it } from "vitest";
import { processUpload } from "../../src/sync/process-upload.js";
import { receiveUpload } from "../../src/sync/receive-upload.js";
import { seedInstallation, seedServer } from "../support/job-fixtures.js";
import { describeEachDatabase } from "../support/test-database.js";

const HEADER = "created_at,id,login,email,role,suspended?";
const csv = (...rows: string[]) => Buffer.from(["\uFEFF" + HEADER, ...rows].join("\r\n"));

describeEachDatabase("uploads", (db) => {
  async function setup() {
    const installationId = await seedInstallation(db());
    const serverId = await seedServer(db(), installationId, { token: false, licenseSync: "disabled" });
    return { installationId, serverId };
  }

  it("records a PENDING upload with a queued run, then makes it the server's snapshot", async () => {
    const { installationId, serverId } = await setup();
    const receipt = await receiveUpload(db(), {
      installationId,
      serverId,
      name: "all_users.csv",
      content: csv("2020-01-01 00:00:00 UTC,1,ada,ada@example.com,user,false", "2020-01-01 00:00:00 UTC,2,bob,bob@example.com,user,true"),
      uploadedBy: "owner",
    });
    expect(receipt).toMatchObject({ name: "all_users.csv", state: "PENDING" });
    expect(await db().prisma.syncRun.findUniqueOrThrow({ where: { id: receipt.runId } })).toMatchObject({ kind: "upload", status: "queued" });

    expect(await processUpload(db(), receipt.id)).toEqual({ state: "SUCCESS", rows: 2 });
    const upload = await db().prisma.upload.findUniqueOrThrow({ where: { id: receipt.id } });
    expect(upload).toMatchObject({ state: "SUCCESS", rows: 2, error: null, content: null });
    expect(await db().prisma.syncRun.findUniqueOrThrow({ where: { id: receipt.runId } })).toMatchObject({ status: "success", usersSeen: 2 });
    const server = await db().prisma.ghesServer.findUniqueOrThrow({ where: { id: serverId } });
    expect(server).toMatchObject({ lastSyncStatus: "success", lastSyncSource: "uploaded", lastSyncError: null });
    expect(await db().prisma.ghesUser.count({ where: { snapshotId: server.currentSnapshotId! } })).toBe(2);
    // Processing is done once: a second call changes nothing.
    expect(await processUpload(db(), receipt.id)).toEqual({ state: "GONE" });
  });

  it("fails a malformed upload with its line number and changes nothing already stored", async () => {
    const { installationId, serverId } = await setup();
    const good = await receiveUpload(db(), { installationId, serverId, name: "good.csv", content: csv("2020-01-01 00:00:00 UTC,1,ada,ada@example.com,user,false"), uploadedBy: "owner" });
    await processUpload(db(), good.id);
    const before = await db().prisma.ghesServer.findUniqueOrThrow({ where: { id: serverId } });

    const bad = await receiveUpload(db(), {
      installationId,
      serverId,
      name: "bad.csv",
      content: csv("2020-01-01 00:00:00 UTC,2,bob,bob@example.com,user,false", "2020-01-01 00:00:00 UTC,three,carol,carol@example.com,user,false"),
      uploadedBy: "owner",
    });
    const outcome = await processUpload(db(), bad.id);
    expect(outcome).toMatchObject({ state: "FAILURE", error: expect.stringMatching(/line 3/) });
    expect(await db().prisma.upload.findUniqueOrThrow({ where: { id: bad.id } })).toMatchObject({ state: "FAILURE", content: null });
    const after = await db().prisma.ghesServer.findUniqueOrThrow({ where: { id: serverId } });
    expect(after.currentSnapshotId).toBe(before.currentSnapshotId);
    expect(after.lastSyncAt).toEqual(before.lastSyncAt);
    expect(await db().prisma.userSnapshot.count({ where: { serverId } })).toBe(1);

    const missing = await receiveUpload(db(), { installationId, serverId, name: "cols.csv", content: Buffer.from("id,login\n1,ada\n"), uploadedBy: "owner" });
    expect(await processUpload(db(), missing.id)).toMatchObject({ state: "FAILURE", error: expect.stringMatching(/email/) });
  });
});
