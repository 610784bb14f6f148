import { expect, it } from "vitest";
import { REGISTRANT_NOT_OWNER } from "../../src/installations/pause-registrant-servers.js";
import { seedInstallation, seedServer } from "../installations/seed.js";
import { describeEachDatabase } from "../support/test-database.js";
import { deliver, fixture, useWebhookProbot } from "./deliver.js";

describeEachDatabase("organization.member_added", (db) => {
  const { probot } = useWebhookProbot(db);

  it("pauses the servers of a registrant whose membership is now a member's", async () => {
    const installation = await seedInstallation(db());
    const server = await seedServer(db(), installation.id, { registeredBy: "hubot-admin" });
    await deliver(probot(), "organization", fixture("organization", "member_added"));
    expect((await db().prisma.ghesServer.findUniqueOrThrow({ where: { id: server.id } })).pausedReason).toBe(REGISTRANT_NOT_OWNER);
  });

  it("leaves the servers of a registrant who is an active owner running", async () => {
    const installation = await seedInstallation(db());
    const server = await seedServer(db(), installation.id, { registeredBy: "hubot-admin" });
    const payload = fixture("organization", "member_added");
    payload.membership.role = "admin";
    await deliver(probot(), "organization", payload);
    expect((await db().prisma.ghesServer.findUniqueOrThrow({ where: { id: server.id } })).pausedReason).toBeNull();
  });
});
