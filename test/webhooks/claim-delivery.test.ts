import pg from "pg";
import { pgSqlClient } from "../../src/db/sql-client.js";
import { expect, it } from "vitest";
import { claimDelivery, finishDelivery, releaseDelivery, STALE_CLAIM_MS } from "../../src/webhooks/claim-delivery.js";
import { describeEachDatabase } from "../support/test-database.js";

const now = new Date("2026-11-29T02:00:00Z");
const delivery = { id: "72d3162e-cc78-11e3-81ab-4c9367dc0958", event: "installation", action: "created" };

describeEachDatabase("claimDelivery", (db, kind) => {
  it("claims a new delivery id once; the same id again is a duplicate", async () => {
    expect(await claimDelivery(db(), delivery, now)).toBe("claimed");
    expect(await claimDelivery(db(), delivery, now)).toBe("duplicate");
    await finishDelivery(db(), delivery.id, "verified", now);
    expect(await claimDelivery(db(), delivery, new Date(now.getTime() + 2 * STALE_CLAIM_MS))).toBe("duplicate");
    expect(await db().prisma.webhookDelivery.findUniqueOrThrow({ where: { id: delivery.id } })).toMatchObject({
      event: "installation",
      action: "created",
      outcome: "verified",
      finishedAt: now,
    });
  });

  it("lets exactly one of many simultaneous claims win", async () => {
    const results = await Promise.all(Array.from({ length: 8 }, () => claimDelivery(db(), delivery, now)));
    expect(results.filter((r) => r === "claimed")).toHaveLength(1);
    expect(await db().prisma.webhookDelivery.count()).toBe(1);
  });

  if (kind === "postgres") {
    it("lets exactly one of two replicas (two connection pools on one database) win", async () => {
      const pool = new pg.Pool({ connectionString: db().url, max: 2 });
      const replica = { sql: pgSqlClient(pool) };
      try {
        const results = await Promise.all([claimDelivery(db(), delivery, now), claimDelivery(replica, delivery, now)]);
        expect(results.sort()).toEqual(["claimed", "duplicate"]);
      } finally {
        await replica.sql.close();
      }
    });
  }

  it("releases an unfinished claim so a redelivery is processed", async () => {
    await claimDelivery(db(), delivery, now);
    await releaseDelivery(db(), delivery.id);
    expect(await claimDelivery(db(), delivery, now)).toBe("claimed");
  });

  it("never releases a finished delivery", async () => {
    await claimDelivery(db(), delivery, now);
    await finishDelivery(db(), delivery.id, "done", now);
    await releaseDelivery(db(), delivery.id);
    expect(await claimDelivery(db(), delivery, now)).toBe("duplicate");
  });

  it("takes over a claim left unfinished by a process that died, once it is stale", async () => {
    await claimDelivery(db(), delivery, now);
    expect(await claimDelivery(db(), delivery, new Date(now.getTime() + STALE_CLAIM_MS - 1))).toBe("duplicate");
    expect(await claimDelivery(db(), delivery, new Date(now.getTime() + STALE_CLAIM_MS + 1))).toBe("claimed");
  });
});
