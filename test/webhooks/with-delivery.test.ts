import { expect, it } from "vitest";
import { seedInstallation } from "../installations/seed.js";
import { describeEachDatabase } from "../support/test-database.js";
import { createWebhookProbot, deliver, deliveryId, fixture, useWebhookProbot } from "./deliver.js";
import { captureLog, testDependencies } from "../support/test-app.js";

describeEachDatabase("a delivery id seen before", (db) => {
  const { probot, logLines } = useWebhookProbot(db);

  it("is acknowledged and not processed again", async () => {
    await seedInstallation(db());
    const id = deliveryId();
    await deliver(probot(), "installation", fixture("installation", "suspend"), id);
    await deliver(probot(), "installation", fixture("installation", "suspend"), id);
    expect(await db().prisma.auditEntry.count({ where: { action: "installation.suspended" } })).toBe(1);
    expect(logLines().join("")).toContain(`delivery ${id} was already taken; skipped`);
  });

  it("is processed once when two replicas receive it at the same moment", async () => {
    await seedInstallation(db());
    const replica = await createWebhookProbot(await testDependencies(db()), captureLog().log);
    const id = deliveryId();
    await Promise.all([
      deliver(probot(), "installation", fixture("installation", "suspend"), id),
      deliver(replica, "installation", fixture("installation", "suspend"), id),
    ]);
    expect(await db().prisma.auditEntry.count({ where: { action: "installation.suspended" } })).toBe(1);
    expect(await db().prisma.webhookDelivery.count()).toBe(1);
  });

  it("does not hold back a different delivery of the same event", async () => {
    await seedInstallation(db());
    await deliver(probot(), "installation", fixture("installation", "suspend"));
    await deliver(probot(), "installation", fixture("installation", "suspend"));
    expect(await db().prisma.auditEntry.count({ where: { action: "installation.suspended" } })).toBe(2);
  });
});
