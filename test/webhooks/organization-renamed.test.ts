import { expect, it } from "vitest";
import { seedInstallation } from "../installations/seed.js";
import { describeEachDatabase } from "../support/test-database.js";
import { deliver, fixture, useWebhookProbot } from "./deliver.js";

describeEachDatabase("organization.renamed", (db) => {
  const { probot } = useWebhookProbot(db);

  it("follows the organization's new login", async () => {
    const installation = await seedInstallation(db());
    await deliver(probot(), "organization", fixture("organization", "renamed"));
    expect((await db().prisma.installation.findUniqueOrThrow({ where: { id: installation.id } })).login).toBe("acme-renamed");
  });

  it("finds the organization by its id when the event carries no installation", async () => {
    const installation = await seedInstallation(db());
    const payload = fixture("organization", "renamed");
    delete payload.installation;
    await deliver(probot(), "organization", payload);
    expect((await db().prisma.installation.findUniqueOrThrow({ where: { id: installation.id } })).login).toBe("acme-renamed");
  });
});
