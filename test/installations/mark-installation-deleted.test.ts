import { expect, it } from "vitest";
import { markInstallationDeleted } from "../../src/installations/mark-installation-deleted.js";
import { acceptSettings } from "../../src/settings/store-settings.js";
import { DEFAULT_SETTINGS } from "../../src/settings/settings-schema.js";
import { describeEachDatabase } from "../support/test-database.js";
import { countUsageData, seedInstallation, seedServer, seedUsageData } from "./seed.js";

const now = new Date("2026-11-29T02:00:00Z");
const DAY = 24 * 60 * 60 * 1000;

describeEachDatabase("markInstallationDeleted", (db) => {
  it("stops syncing, deletes every stored GHES token at once and keeps the data until the default 400 days", async () => {
    const installation = await seedInstallation(db());
    const withToken = await seedServer(db(), installation.id);
    await seedServer(db(), installation.id, { tokenSealed: null, tokenLogin: null });
    await seedUsageData(db(), installation.id, withToken.id);

    const result = await markInstallationDeleted(db(), { githubInstallationId: 957387 }, now, "installation.deleted");
    expect(result?.tokensDeleted).toBe(1);
    expect(result?.installation).toMatchObject({ verification: "deleted", deletedAt: now, purgeAfter: new Date(now.getTime() + 400 * DAY) });
    expect(await db().prisma.ghesServer.count({ where: { tokenSealed: { not: null } } })).toBe(0);
    expect(await countUsageData(db())).toEqual({ servers: 2, snapshots: 1, users: 1, points: 1, runs: 1 });
    expect(await db().prisma.auditEntry.findFirst()).toMatchObject({
      action: "installation.deleted",
      details: { cause: "installation.deleted", tokens_deleted: 1, retention_days: 400 },
    });
  });

  it("keeps the data for the organization's retention_days", async () => {
    const installation = await seedInstallation(db());
    await acceptSettings(db(), installation.id, { ...DEFAULT_SETTINGS, retention_days: 30 }, "sha", now);
    const result = await markInstallationDeleted(db(), { githubInstallationId: 957387 }, now, "installation.deleted");
    expect(result?.installation.purgeAfter).toEqual(new Date(now.getTime() + 30 * DAY));
  });

  it("keeps the first dates when the organization's deletion follows the uninstall", async () => {
    await seedInstallation(db());
    await markInstallationDeleted(db(), { githubInstallationId: 957387 }, now, "installation.deleted");
    const later = new Date(now.getTime() + DAY);
    const again = await markInstallationDeleted(db(), { accountId: 38302899 }, later, "organization.deleted");
    expect(again?.installation).toMatchObject({ deletedAt: now, purgeAfter: new Date(now.getTime() + 400 * DAY) });
    expect(await db().prisma.auditEntry.count()).toBe(1);
  });

  it("answers null for an installation it does not know, changing nothing", async () => {
    await seedInstallation(db());
    expect(await markInstallationDeleted(db(), { githubInstallationId: 1 }, now, "installation.deleted")).toBeNull();
    expect((await db().prisma.installation.findFirstOrThrow()).verification).toBe("verified");
  });
});
