import { expect, it } from "vitest";
import { runMaintenance } from "../../src/engine/run-maintenance.js";
import { captureLog, TestOctokit } from "../support/test-app.js";
import { seedInstallation, seedServer } from "../support/job-fixtures.js";
import { receiveUpload } from "../../src/sync/receive-upload.js";
import { UPLOAD_STOPPED } from "../../src/sync/recover-stale-uploads.js";
import { describeEachDatabase } from "../support/test-database.js";

const DAY = 86_400_000;
const NOW = new Date("2026-11-29T12:00:00Z");

describeEachDatabase("runMaintenance", (db) => {
  it("purges what is past its time and keeps the rest", async () => {
    const kept = await seedInstallation(db());
    const gone = await seedInstallation(db(), { verification: "deleted", deleted: true });
    await db().prisma.installation.update({ where: { id: gone }, data: { purgeAfter: new Date(NOW.getTime() - DAY) } });
    await db().prisma.usagePoint.createMany({
      data: [
        { installationId: kept, weekStart: new Date(NOW.getTime() - 500 * DAY), consumed: 1, perDeployment: {} },
        { installationId: kept, weekStart: new Date(NOW.getTime() - 10 * DAY), consumed: 2, perDeployment: {} },
      ],
    });
    await db().prisma.webhookDelivery.createMany({
      data: [
        { id: "old", event: "push", receivedAt: new Date(NOW.getTime() - 40 * DAY) },
        { id: "new", event: "push", receivedAt: new Date(NOW.getTime() - DAY) },
      ],
    });
    await db().prisma.session.createMany({
      data: [
        { idHash: "expired", githubId: 1n, login: "a", tokenSealed: "x", csrfSecret: "x", expiresAt: new Date(NOW.getTime() - 1) },
        { idHash: "live", githubId: 1n, login: "a", tokenSealed: "x", csrfSecret: "x", expiresAt: new Date(NOW.getTime() + DAY) },
      ],
    });
    const serverId = await seedServer(db(), kept, { token: false });
    const upload = async (minutesAgo: number) => {
      const receipt = await receiveUpload(db(), { installationId: kept, serverId, name: "all_users.csv", content: Buffer.from("id\n"), uploadedBy: "owner" });
      await db().prisma.upload.update({ where: { id: receipt.id }, data: { createdAt: new Date(NOW.getTime() - minutesAgo * 60_000) } });
      return receipt.id;
    };
    const abandoned = await upload(60);
    const processing = await upload(1);

    const results = await runMaintenance({ db: db(), now: () => NOW, log: captureLog().log, octokitFor: async () => new TestOctokit() });
    expect(results).toMatchObject({
      purgedInstallations: [{ id: gone }],
      prunedUsagePoints: 1,
      prunedDeliveries: 1,
      purgedSessions: 1,
      failedStaleUploads: [abandoned],
    });
    expect(await db().prisma.upload.findUniqueOrThrow({ where: { id: abandoned } })).toMatchObject({ state: "FAILURE", error: UPLOAD_STOPPED });
    expect((await db().prisma.upload.findUniqueOrThrow({ where: { id: processing } })).state).toBe("PENDING");
    expect(await db().prisma.installation.findMany({ select: { id: true } })).toEqual([{ id: kept }]);
    expect((await db().prisma.usagePoint.findMany()).map((p) => p.consumed)).toEqual([2]);
    expect((await db().prisma.webhookDelivery.findMany()).map((d) => d.id)).toEqual(["new"]);
    expect((await db().prisma.session.findMany()).map((s) => s.idHash)).toEqual(["live"]);
  });

  it("goes on with the other tasks when one fails", async () => {
    const { log, lines } = captureLog();
    const failing = { ...db(), prisma: new Proxy(db().prisma, { get: (t, p) => (p === "session" ? { deleteMany: () => Promise.reject(new Error("boom")) } : Reflect.get(t, p)) }) };
    const results = await runMaintenance({ db: failing, now: () => NOW, log, octokitFor: async () => new TestOctokit() });
    expect(results.purgedSessions).toBe("failed");
    expect(results.prunedDeliveries).toBe(0);
    expect(lines.join("")).toContain("maintenance task failed");
  });
});
