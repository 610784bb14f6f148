import { expect, it } from "vitest";
import { markInstallationDeleted } from "../../src/installations/mark-installation-deleted.js";
import { purgeExpiredInstallations } from "../../src/installations/purge-expired-installations.js";
import { describeEachDatabase } from "../support/test-database.js";
import { countUsageData, seedInstallation, seedServer, seedUsageData } from "./seed.js";

const deletedAt = new Date("2026-01-01T00:00:00Z");
const DAY = 24 * 60 * 60 * 1000;

describeEachDatabase("purgeExpiredInstallations", (db) => {
  it("deletes an uninstalled organization's data once the retention period is over, and not before", async () => {
    const installation = await seedInstallation(db());
    const server = await seedServer(db(), installation.id);
    await seedUsageData(db(), installation.id, server.id);
    await db().prisma.settings.create({ data: { installationId: installation.id, config: {} } });
    await markInstallationDeleted(db(), { githubInstallationId: 957387 }, deletedAt, "installation.deleted");

    const dayBefore = new Date(deletedAt.getTime() + 399 * DAY);
    expect(await purgeExpiredInstallations(db(), dayBefore)).toEqual([]);
    expect(await countUsageData(db())).toEqual({ servers: 1, snapshots: 1, users: 1, points: 1, runs: 1 });

    const due = new Date(deletedAt.getTime() + 400 * DAY);
    expect(await purgeExpiredInstallations(db(), due)).toEqual([{ id: installation.id, login: "acme-corp" }]);
    expect(await countUsageData(db())).toEqual({ servers: 0, snapshots: 0, users: 0, points: 0, runs: 0 });
    expect(await db().prisma.installation.count()).toBe(0);
    expect(await db().prisma.settings.count()).toBe(0);
    // The audit trail outlives the data it describes, detached from it.
    expect(await db().prisma.auditEntry.findMany({ orderBy: { id: "asc" }, select: { actor: true, action: true, target: true, installationId: true } })).toEqual([
      { actor: "github", action: "installation.deleted", target: "acme-corp", installationId: null },
      // The purge is the scheduler's act, recorded once.
      { actor: "scheduler", action: "installation.data_purged", target: "acme-corp", installationId: null },
    ]);
  });

  it("never purges an installed organization, even with a stale purge date", async () => {
    await seedInstallation(db(), { verification: "verified", purgeAfter: deletedAt });
    expect(await purgeExpiredInstallations(db(), new Date())).toEqual([]);
    expect(await db().prisma.installation.count()).toBe(1);
    expect(await db().prisma.auditEntry.count()).toBe(0);
  });

  it("purges only the organizations that are due", async () => {
    await seedInstallation(db(), { verification: "deleted", deletedAt, purgeAfter: new Date("2026-06-01T00:00:00Z") });
    await seedInstallation(db(), {
      githubInstallationId: 2n,
      accountId: 2n,
      login: "later-org",
      verification: "deleted",
      deletedAt,
      purgeAfter: new Date("2027-06-01T00:00:00Z"),
    });
    const purged = await purgeExpiredInstallations(db(), new Date("2026-12-01T00:00:00Z"));
    expect(purged.map((p) => p.login)).toEqual(["acme-corp"]);
    expect((await db().prisma.installation.findMany()).map((i) => i.login)).toEqual(["later-org"]);
  });
});
