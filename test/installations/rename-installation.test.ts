import { expect, it } from "vitest";
import { renameInstallation } from "../../src/installations/rename-installation.js";
import { describeEachDatabase } from "../support/test-database.js";
import { countUsageData, seedInstallation, seedServer, seedUsageData } from "./seed.js";

const at = new Date("2026-11-29T02:00:00Z");

describeEachDatabase("renameInstallation", (db) => {
  it("follows the new login on the same row, keeping the history", async () => {
    const installation = await seedInstallation(db());
    const server = await seedServer(db(), installation.id);
    await seedUsageData(db(), installation.id, server.id);
    const renamed = await renameInstallation(db(), { githubInstallationId: 957387 }, "acme-renamed", at);
    expect(renamed).toMatchObject({ id: installation.id, login: "acme-renamed" });
    expect(await countUsageData(db())).toEqual({ servers: 1, snapshots: 1, users: 1, points: 1, runs: 1 });
    expect(await db().prisma.auditEntry.findFirstOrThrow()).toMatchObject({ action: "installation.renamed", details: { from: "acme-corp", to: "acme-renamed" } });
  });

  it("finds the installation by account id when the event carries no installation", async () => {
    await seedInstallation(db());
    expect((await renameInstallation(db(), { accountId: 38302899 }, "acme-2", at))?.login).toBe("acme-2");
  });

  it("does nothing for an unknown installation or an unchanged login", async () => {
    await seedInstallation(db());
    expect(await renameInstallation(db(), { githubInstallationId: 1 }, "other", at)).toBeNull();
    expect((await renameInstallation(db(), { githubInstallationId: 957387 }, "acme-corp", at))?.login).toBe("acme-corp");
    expect(await db().prisma.auditEntry.count()).toBe(0);
  });
});
