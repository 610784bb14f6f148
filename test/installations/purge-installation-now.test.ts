import { expect, it } from "vitest";
import { purgeInstallationNow } from "../../src/installations/purge-installation-now.js";
import { describeEachDatabase } from "../support/test-database.js";
import { countUsageData, seedInstallation, seedServer, seedUsageData } from "./seed.js";

const now = new Date("2026-11-29T02:00:00Z");

describeEachDatabase("purgeInstallationNow", (db) => {
  it("deletes an uninstalled organization's data at once, recording who asked", async () => {
    const installation = await seedInstallation(db(), { verification: "deleted", deletedAt: now, purgeAfter: new Date("2028-01-01T00:00:00Z") });
    const server = await seedServer(db(), installation.id, { tokenSealed: null });
    await seedUsageData(db(), installation.id, server.id);

    expect(await purgeInstallationNow(db(), installation.id, "octo-owner", now)).toEqual({ kind: "purged", login: "acme-corp" });
    expect(await db().prisma.installation.count()).toBe(0);
    expect(await countUsageData(db())).toEqual({ servers: 0, snapshots: 0, users: 0, points: 0, runs: 0 });
    expect(await db().prisma.auditEntry.findFirstOrThrow()).toMatchObject({ actor: "octo-owner", action: "installation.purged", target: "acme-corp" });
  });

  it("refuses to purge an organization that still has the app installed", async () => {
    const installation = await seedInstallation(db());
    const server = await seedServer(db(), installation.id);
    await seedUsageData(db(), installation.id, server.id);
    const result = await purgeInstallationNow(db(), installation.id, "octo-owner", now);
    expect(result).toEqual({ kind: "still-installed", message: "the app is still installed on acme-corp; uninstall it first, then purge its data" });
    expect(await countUsageData(db())).toEqual({ servers: 1, snapshots: 1, users: 1, points: 1, runs: 1 });
  });

  it("answers not-found for an unknown installation", async () => {
    expect(await purgeInstallationNow(db(), 12345, "octo-owner", now)).toEqual({ kind: "not-found" });
  });
});
