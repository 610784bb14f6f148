import { expect, it } from "vitest";
import { recordInstallation, type NewInstallation } from "../../src/installations/record-installation.js";
import { describeEachDatabase } from "../support/test-database.js";
import { countUsageData, seedInstallation, seedServer, seedUsageData } from "./seed.js";

const now = new Date("2026-11-29T02:00:00Z");
const install: NewInstallation = { githubInstallationId: 957387, accountId: 38302899, login: "acme-corp", accountType: "Organization", installedBy: "octo-owner" };

describeEachDatabase("recordInstallation", (db) => {
  it("stores an organization's installation as pending until its installer is checked", async () => {
    const row = await recordInstallation(db(), install, now);
    expect(row).toMatchObject({ login: "acme-corp", accountType: "Organization", verification: "pending", verificationError: null, installedBy: "octo-owner" });
    expect(row.githubInstallationId).toBe(957387n);
  });

  it("stores an install on a personal account as unverified with the reason", async () => {
    const row = await recordInstallation(db(), { ...install, accountType: "User", login: "octo-owner", accountId: 1 }, now);
    expect(row.verification).toBe("unverified");
    expect(row.verificationError).toBe("installed on the personal account octo-owner; only organizations are synced");
  });

  it("takes over the account's uninstalled row on a re-install, keeping its history", async () => {
    const old = await seedInstallation(db(), {
      githubInstallationId: 1n,
      verification: "deleted",
      deletedAt: new Date("2026-10-01T00:00:00Z"),
      purgeAfter: new Date("2027-11-05T00:00:00Z"),
    });
    const server = await seedServer(db(), old.id, { tokenSealed: null });
    await seedUsageData(db(), old.id, server.id);

    const row = await recordInstallation(db(), install, now);
    expect(row.id).toBe(old.id);
    expect(row).toMatchObject({ verification: "pending", deletedAt: null, purgeAfter: null });
    expect(row.githubInstallationId).toBe(957387n);
    expect(await db().prisma.installation.count()).toBe(1);
    expect(await countUsageData(db())).toEqual({ servers: 1, snapshots: 1, users: 1, points: 1, runs: 1 });
  });
});
