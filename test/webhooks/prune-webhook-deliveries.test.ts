import { expect, it } from "vitest";
import { pruneWebhookDeliveries } from "../../src/webhooks/prune-webhook-deliveries.js";
import { describeEachDatabase } from "../support/test-database.js";

const now = new Date("2026-11-29T02:00:00Z");
const daysAgo = (days: number) => new Date(now.getTime() - days * 24 * 60 * 60 * 1000);

describeEachDatabase("pruneWebhookDeliveries", (db) => {
  it("deletes deliveries received before the retention period, keeping recent ones", async () => {
    await db().prisma.webhookDelivery.createMany({
      data: [
        { id: "old-finished", event: "push", receivedAt: daysAgo(31), finishedAt: daysAgo(31), outcome: "done" },
        { id: "recent-finished", event: "push", receivedAt: daysAgo(29), finishedAt: daysAgo(29), outcome: "done" },
        { id: "old-unfinished", event: "push", receivedAt: daysAgo(40) },
        { id: "recent-unfinished", event: "push", receivedAt: daysAgo(1) },
      ],
    });
    expect(await pruneWebhookDeliveries(db(), now)).toBe(2);
    const left = await db().prisma.webhookDelivery.findMany({ orderBy: { id: "asc" }, select: { id: true } });
    expect(left.map((d) => d.id)).toEqual(["recent-finished", "recent-unfinished"]);
  });
});
