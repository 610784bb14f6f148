import { expect, it } from "vitest";
import { confirmServer } from "../../src/installations/confirm-server.js";
import { REGISTRANT_NOT_OWNER } from "../../src/installations/pause-registrant-servers.js";
import { describeEachDatabase } from "../support/test-database.js";
import { seedInstallation, seedServer } from "./seed.js";

const now = new Date("2026-11-29T02:00:00Z");

describeEachDatabase("confirmServer", (db) => {
  it("lifts the registrant pause and makes the confirming owner the registrant", async () => {
    const acme = await seedInstallation(db());
    const server = await seedServer(db(), acme.id, { registeredBy: "former-owner", pausedReason: REGISTRANT_NOT_OWNER });
    const result = await confirmServer(db(), server.id, "octo-owner", { now });
    expect(result.kind).toBe("confirmed");
    expect(await db().prisma.ghesServer.findUniqueOrThrow({ where: { id: server.id } })).toMatchObject({
      pausedReason: null,
      registeredBy: "octo-owner",
    });
    expect(await db().prisma.auditEntry.findFirstOrThrow()).toMatchObject({
      actor: "octo-owner",
      action: "server.confirmed",
      details: { previous_registrant: "former-owner" },
    });
  });

  it("does not lift another pause reason", async () => {
    const acme = await seedInstallation(db());
    const server = await seedServer(db(), acme.id, { pausedReason: "token rejected" });
    expect((await confirmServer(db(), server.id, "octo-owner", { now })).kind).toBe("not-paused-for-registrant");
    expect((await db().prisma.ghesServer.findUniqueOrThrow({ where: { id: server.id } })).pausedReason).toBe("token rejected");
  });

  it("answers not-found for an unknown server or one of another installation", async () => {
    const acme = await seedInstallation(db());
    const server = await seedServer(db(), acme.id, { pausedReason: REGISTRANT_NOT_OWNER });
    expect(await confirmServer(db(), "00000000-0000-0000-0000-000000000000", "octo-owner")).toEqual({ kind: "not-found" });
    expect(await confirmServer(db(), server.id, "octo-owner", { installationId: acme.id + 1 })).toEqual({ kind: "not-found" });
    expect((await db().prisma.ghesServer.findUniqueOrThrow({ where: { id: server.id } })).pausedReason).toBe(REGISTRANT_NOT_OWNER);
  });
});
