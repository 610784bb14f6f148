import { expect, it } from "vitest";
import { isSyncable } from "../../src/installations/installation-state.js";
import { countUsageData, seedInstallation, seedServer, seedUsageData } from "../installations/seed.js";
import { describeEachDatabase } from "../support/test-database.js";
import { deliver, fixture, useWebhookProbot } from "./deliver.js";

const now = new Date("2026-11-29T02:00:00Z");

describeEachDatabase("installation.deleted", (db) => {
  const { probot } = useWebhookProbot(db, { now: () => now });

  it("stops syncing, deletes the GHES tokens at once and schedules the purge", async () => {
    const installation = await seedInstallation(db());
    const server = await seedServer(db(), installation.id);
    await seedUsageData(db(), installation.id, server.id);

    await deliver(probot(), "installation", fixture("installation", "deleted"));
    const row = await db().prisma.installation.findUniqueOrThrow({ where: { id: installation.id } });
    expect(row).toMatchObject({ verification: "deleted", deletedAt: now, purgeAfter: new Date("2028-01-03T02:00:00Z") });
    expect(isSyncable(row)).toBe(false);
    expect((await db().prisma.ghesServer.findFirstOrThrow()).tokenSealed).toBeNull();
    expect(await countUsageData(db())).toEqual({ servers: 1, snapshots: 1, users: 1, points: 1, runs: 1 });
  });

  it("acknowledges the uninstall of an installation it never recorded, storing only the delivery", async () => {
    const id = await deliver(probot(), "installation", fixture("installation", "deleted"));
    expect(await db().prisma.installation.count()).toBe(0);
    expect(await db().prisma.webhookDelivery.findUniqueOrThrow({ where: { id } })).toMatchObject({ outcome: "ignored: unknown installation" });
  });
});
