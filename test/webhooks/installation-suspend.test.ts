import { expect, it } from "vitest";
import { isSyncable } from "../../src/installations/installation-state.js";
import { seedInstallation } from "../installations/seed.js";
import { describeEachDatabase } from "../support/test-database.js";
import { deliver, fixture, useWebhookProbot } from "./deliver.js";

describeEachDatabase("installation.suspend", (db) => {
  const { probot } = useWebhookProbot(db);

  it("pauses syncing from GitHub's suspension time, keeping everything", async () => {
    const installation = await seedInstallation(db());
    const payload = fixture("installation", "suspend");
    await deliver(probot(), "installation", payload);
    const row = await db().prisma.installation.findUniqueOrThrow({ where: { id: installation.id } });
    expect(row.suspendedAt).toEqual(new Date(payload.installation.suspended_at as string));
    expect(row.verification).toBe("verified");
    expect(isSyncable(row)).toBe(false);
  });
});
