import { expect, it } from "vitest";
import { REGISTRANT_NOT_OWNER } from "../../src/installations/pause-registrant-servers.js";
import { seedInstallation, seedServer } from "../installations/seed.js";
import { describeEachDatabase } from "../support/test-database.js";
import { deliver, fixture, useWebhookProbot } from "./deliver.js";

describeEachDatabase("organization.member_removed", (db) => {
  const { probot } = useWebhookProbot(db);

  it("pauses at once the servers the removed person registered", async () => {
    const installation = await seedInstallation(db());
    const theirs = await seedServer(db(), installation.id, { registeredBy: "hubot-admin" });
    const others = await seedServer(db(), installation.id, { registeredBy: "octo-owner" });
    const id = await deliver(probot(), "organization", fixture("organization", "member_removed"));
    expect((await db().prisma.ghesServer.findUniqueOrThrow({ where: { id: theirs.id } })).pausedReason).toBe(REGISTRANT_NOT_OWNER);
    expect((await db().prisma.ghesServer.findUniqueOrThrow({ where: { id: others.id } })).pausedReason).toBeNull();
    expect((await db().prisma.webhookDelivery.findUniqueOrThrow({ where: { id } })).outcome).toBe(`paused ${theirs.hostname}`);
  });

  it("changes nothing when the removed person registered no server", async () => {
    const installation = await seedInstallation(db());
    await seedServer(db(), installation.id, { registeredBy: "octo-owner" });
    await deliver(probot(), "organization", fixture("organization", "member_removed"));
    expect(await db().prisma.ghesServer.count({ where: { pausedReason: { not: null } } })).toBe(0);
  });
});
