import type { Context } from "probot";
import { describe, expect, it, vi } from "vitest";
import type { AppDependencies } from "../../src/app.js";
import { createMetrics } from "../../src/metrics/create-metrics.js";
import { withDelivery } from "../../src/webhooks/with-delivery.js";
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

describe("a delivery settled from its payload alone", () => {
  it("runs no handler and never touches the database, yet is counted", async () => {
    // Any statement at all fails the delivery: nothing to do means nothing to claim or store.
    const db = { sql: { query: () => Promise.reject(new Error("the database was used")) } } as unknown as AppDependencies["db"];
    const metrics = createMetrics(db);
    const handler = vi.fn(async () => "handled");
    const receive = withDelivery({ db, metrics, now: () => new Date() } as unknown as AppDependencies, handler, () => "ignored: nothing to do");
    const context = { id: deliveryId(), name: "push", payload: {}, log: captureLog().log } as unknown as Context;
    await receive(context);
    await receive(context);
    expect(handler).not.toHaveBeenCalled();
    expect((await metrics.webhookDeliveries.get()).values).toEqual([{ labels: { event: "push", outcome: "processed" }, value: 2 }]);
  });
});
