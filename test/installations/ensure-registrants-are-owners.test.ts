import nock from "nock";
import { afterEach, beforeEach, expect, it } from "vitest";
import { ensureRegistrantsAreOwners } from "../../src/installations/ensure-registrants-are-owners.js";
import { REGISTRANT_NOT_OWNER } from "../../src/installations/pause-registrant-servers.js";
import { installationOctokit, isolateNetwork, mockMembership, restoreNetwork } from "../github/github-nock.js";
import { describeEachDatabase } from "../support/test-database.js";
import { seedInstallation, seedServer } from "./seed.js";

const at = new Date("2026-11-29T02:00:00Z");

describeEachDatabase("ensureRegistrantsAreOwners", (db) => {
  beforeEach(isolateNetwork);
  afterEach(() => {
    expect(nock.pendingMocks()).toEqual([]);
    restoreNetwork();
  });

  it("asks GitHub once per registrant and pauses the servers of those no longer owners", async () => {
    const acme = await seedInstallation(db());
    const ownerServer = await seedServer(db(), acme.id, { hostname: "a.acme.test", registeredBy: "octo-owner" });
    await seedServer(db(), acme.id, { hostname: "b.acme.test", registeredBy: "octo-owner" });
    const demoted = await seedServer(db(), acme.id, { hostname: "c.acme.test", registeredBy: "former-owner" });
    const gone = await seedServer(db(), acme.id, { hostname: "d.acme.test", registeredBy: "left-org" });
    mockMembership("acme-corp", "octo-owner", { role: "admin", state: "active" });
    mockMembership("acme-corp", "former-owner", { role: "member", state: "active" });
    mockMembership("acme-corp", "left-org", { status: 404 });

    const check = await ensureRegistrantsAreOwners(installationOctokit(), db(), acme, at);
    expect(check.owners).toEqual(["octo-owner"]);
    expect(check.unknown).toEqual([]);
    expect(check.paused.map((s) => s.hostname).sort()).toEqual(["c.acme.test", "d.acme.test"]);
    const byId = new Map((await db().prisma.ghesServer.findMany()).map((s) => [s.id, s.pausedReason]));
    expect(byId.get(ownerServer.id)).toBeNull();
    expect(byId.get(demoted.id)).toBe(REGISTRANT_NOT_OWNER);
    expect(byId.get(gone.id)).toBe(REGISTRANT_NOT_OWNER);
  });

  it("pauses nothing when GitHub cannot answer, and says whose status is unknown", async () => {
    const acme = await seedInstallation(db());
    await seedServer(db(), acme.id, { registeredBy: "octo-owner" });
    mockMembership("acme-corp", "octo-owner", { status: 502 });
    const check = await ensureRegistrantsAreOwners(installationOctokit(), db(), acme, at);
    expect(check).toMatchObject({ owners: [], paused: [], unknown: [{ login: "octo-owner", reason: expect.stringContaining("502") }] });
    expect((await db().prisma.ghesServer.findFirstOrThrow()).pausedReason).toBeNull();
  });

  it("asks nothing about servers already paused", async () => {
    const acme = await seedInstallation(db());
    await seedServer(db(), acme.id, { registeredBy: "former-owner", pausedReason: REGISTRANT_NOT_OWNER });
    expect(await ensureRegistrantsAreOwners(installationOctokit(), db(), acme, at)).toEqual({ owners: [], paused: [], unknown: [] });
  });
});
