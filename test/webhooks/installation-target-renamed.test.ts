import { expect, it } from "vitest";
import { seedInstallation } from "../installations/seed.js";
import { describeEachDatabase } from "../support/test-database.js";
import { deliver, fixture, useWebhookProbot } from "./deliver.js";

describeEachDatabase("installation_target.renamed", (db) => {
  const { probot } = useWebhookProbot(db);

  it("follows the account's new login on the same installation", async () => {
    const installation = await seedInstallation(db());
    await deliver(probot(), "installation_target", fixture("installation_target", "renamed"));
    expect(await db().prisma.installation.findUniqueOrThrow({ where: { id: installation.id } })).toMatchObject({ login: "acme-renamed" });
  });
});
