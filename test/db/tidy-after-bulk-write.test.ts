import { expect, it } from "vitest";
import { tidyAfterBulkWrite } from "../../src/db/tidy-after-bulk-write.js";
import type { GhesUserRow } from "../../src/sync/ghes-user-row.js";
import { replaceServerSnapshot } from "../../src/sync/replace-server-snapshot.js";
import { seedInstallation, seedServer } from "../sync/seed-rows.js";
import { describeEachDatabase } from "../support/test-database.js";

const users = (count: number): GhesUserRow[] =>
  Array.from({ length: count }, (_, i) => ({
    ghesId: i + 1, login: `user${i}`, email: `user${i}@corp.example`, emailNormalized: `user${i}@corp.example`, role: "user",
    suspended: false, dormant: false, createdOnGhes: null, lastActive: null, rawLogin: `user${i}`, twoFactor: null,
  }));

describeEachDatabase("tidying after a bulk replacement", (db, kind) => {
  it("gives the planner statistics on the columns the next reads use", async () => {
    const serverId = await seedServer(db().prisma, await seedInstallation(db().prisma), "ghes.example");
    await replaceServerSnapshot(db(), serverId, users(500), { source: "synced" });
    const stats = await db().sql.query<{ attname: string }>(`SELECT attname FROM pg_stats WHERE schemaname = 'public' AND tablename = 'ghes_users' ORDER BY attname`);
    expect(stats.map((s) => s.attname)).toEqual(expect.arrayContaining(["ghes_id", "snapshot_id", "suspended"]));
  });

  if (kind === "pglite") {
    it("makes the space of replaced users reusable on PGlite, which runs no autovacuum", async () => {
      const serverId = await seedServer(db().prisma, await seedInstallation(db().prisma), "ghes.example");
      const size = async () => Number((await db().sql.query<{ bytes: string }>(`SELECT pg_relation_size('ghes_users')::text AS bytes`))[0]!.bytes);
      await replaceServerSnapshot(db(), serverId, users(3000), { source: "synced" });
      await replaceServerSnapshot(db(), serverId, users(3000), { source: "synced" });
      const afterTwo = await size();
      for (let week = 0; week < 4; week++) await replaceServerSnapshot(db(), serverId, users(3000), { source: "synced" });
      // Without VACUUM every replacement would add the whole list again (3× the size by now).
      expect(await size()).toBeLessThanOrEqual(afterTwo * 1.2);
    });

    it("vacuums only when a replacement deleted rows: a first list has nothing to reclaim", async () => {
      const serverId = await seedServer(db().prisma, await seedInstallation(db().prisma), "ghes.example");
      const vacuums = async () =>
        Number((await db().sql.query<{ n: string }>(`SELECT vacuum_count::text AS n FROM pg_stat_user_tables WHERE relname = 'ghes_users'`))[0]!.n);
      const before = await vacuums();
      await replaceServerSnapshot(db(), serverId, users(300), { source: "synced" });
      expect(await vacuums()).toBe(before);
      await replaceServerSnapshot(db(), serverId, users(300), { source: "synced" });
      expect(await vacuums()).toBe(before + 1);
    });
  }

  it("refuses a table or column name that is not a plain identifier", async () => {
    await expect(tidyAfterBulkWrite(db().sql, "ghes_users; DROP TABLE x", ["id"], { deleted: true })).rejects.toThrow(/not plain identifiers/);
  });
});
