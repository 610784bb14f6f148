import { expect, it } from "vitest";
import { pauseRegistrantServers, REGISTRANT_NOT_OWNER } from "../../src/installations/pause-registrant-servers.js";
import { describeEachDatabase } from "../support/test-database.js";
import { seedInstallation, seedServer } from "./seed.js";

const at = new Date("2026-11-29T02:00:00Z");

describeEachDatabase("pauseRegistrantServers", (db) => {
  it("pauses the person's servers in that organization only, matching the login case-insensitively", async () => {
    const acme = await seedInstallation(db());
    const other = await seedInstallation(db(), { githubInstallationId: 2n, accountId: 2n, login: "other-org" });
    const theirs = await seedServer(db(), acme.id, { hostname: "a.acme.test", registeredBy: "Hubot-Admin" });
    const someoneElses = await seedServer(db(), acme.id, { hostname: "b.acme.test", registeredBy: "octo-owner" });
    const otherOrg = await seedServer(db(), other.id, { hostname: "c.other.test", registeredBy: "hubot-admin" });

    const paused = await pauseRegistrantServers(db(), acme.id, "hubot-admin", at, { cause: "organization.member_removed" });
    expect(paused).toEqual([{ id: theirs.id, hostname: "a.acme.test", registeredBy: "Hubot-Admin" }]);
    const reasons = await db().prisma.ghesServer.findMany({ orderBy: { hostname: "asc" }, select: { id: true, pausedReason: true } });
    expect(reasons).toEqual([
      { id: theirs.id, pausedReason: REGISTRANT_NOT_OWNER },
      { id: someoneElses.id, pausedReason: null },
      { id: otherOrg.id, pausedReason: null },
    ]);
    expect(REGISTRANT_NOT_OWNER).toBe("registrant is no longer an owner");
    expect(await db().prisma.auditEntry.findFirstOrThrow()).toMatchObject({ action: "servers.paused", target: "hubot-admin", details: { servers: ["a.acme.test"] } });
  });

  it("keeps another pause reason as it is", async () => {
    const acme = await seedInstallation(db());
    await seedServer(db(), acme.id, { registeredBy: "hubot-admin", pausedReason: "token rejected" });
    expect(await pauseRegistrantServers(db(), acme.id, "hubot-admin", at, { cause: "test" })).toEqual([]);
    expect((await db().prisma.ghesServer.findFirstOrThrow()).pausedReason).toBe("token rejected");
    expect(await db().prisma.auditEntry.count()).toBe(0);
  });
});
