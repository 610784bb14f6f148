import { expect, it } from "vitest";
import { isSyncable } from "../../src/installations/installation-state.js";
import { seedInstallation } from "../installations/seed.js";
import { describeEachDatabase } from "../support/test-database.js";
import { deliver, fixture, useWebhookProbot } from "./deliver.js";

describeEachDatabase("installation.unsuspend", (db) => {
  const { probot } = useWebhookProbot(db);

  it("resumes syncing", async () => {
    const installation = await seedInstallation(db(), { suspendedAt: new Date("2026-11-01T00:00:00Z") });
    await deliver(probot(), "installation", fixture("installation", "unsuspend"));
    const row = await db().prisma.installation.findUniqueOrThrow({ where: { id: installation.id } });
    expect(row.suspendedAt).toBeNull();
    expect(isSyncable(row)).toBe(true);
  });
});
