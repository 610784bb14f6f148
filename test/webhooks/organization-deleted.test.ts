import { expect, it } from "vitest";
import { seedInstallation, seedServer } from "../installations/seed.js";
import { describeEachDatabase } from "../support/test-database.js";
import { deliver, fixture, useWebhookProbot } from "./deliver.js";

describeEachDatabase("organization.deleted", (db) => {
  const { probot } = useWebhookProbot(db);

  it("behaves like an uninstall: no syncing, tokens deleted, purge scheduled", async () => {
    const installation = await seedInstallation(db());
    await seedServer(db(), installation.id);
    await deliver(probot(), "organization", fixture("organization", "deleted"));
    const row = await db().prisma.installation.findUniqueOrThrow({ where: { id: installation.id } });
    expect(row).toMatchObject({ verification: "deleted", deletedAt: expect.any(Date), purgeAfter: expect.any(Date) });
    expect((await db().prisma.ghesServer.findFirstOrThrow()).tokenSealed).toBeNull();
  });
});
