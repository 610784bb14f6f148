import pg from "pg";
import { expect, it } from "vitest";
import { pgSqlClient } from "../../src/db/sql-client.js";
import { withExclusiveLock } from "../../src/jobs/with-exclusive-lock.js";
import { describeEachDatabase } from "../support/test-database.js";

describeEachDatabase("withExclusiveLock", (db, kind) => {
  it("runs the work and returns its value, then frees the lock", async () => {
    const held = new Set<string>();
    expect(await withExclusiveLock(db().sql, held, "server:a", async () => 5)).toEqual({ acquired: true, value: 5 });
    expect(held.size).toBe(0);
    expect(await withExclusiveLock(db().sql, held, "server:a", async () => 6)).toEqual({ acquired: true, value: 6 });
  });

  it("refuses a second holder in the same process while the first works, and frees the lock after an error", async () => {
    const held = new Set<string>();
    let release!: () => void;
    const first = withExclusiveLock(db().sql, held, "server:b", () => new Promise<string>((resolve) => (release = () => resolve("first"))));
    await new Promise((resolve) => setImmediate(resolve));
    expect(await withExclusiveLock(db().sql, held, "server:b", async () => "second")).toEqual({ acquired: false });
    expect(await withExclusiveLock(db().sql, held, "server:c", async () => "other")).toEqual({ acquired: true, value: "other" });
    release();
    expect(await first).toEqual({ acquired: true, value: "first" });

    await expect(withExclusiveLock(db().sql, held, "server:b", async () => Promise.reject(new Error("boom")))).rejects.toThrow("boom");
    expect(await withExclusiveLock(db().sql, held, "server:b", async () => "again")).toEqual({ acquired: true, value: "again" });
  });

  if (kind === "postgres") {
    it("refuses a holder in another process (another pool) until the first lets go", async () => {
      const other = pgSqlClient(new pg.Pool({ connectionString: db().url, max: 2 }));
      try {
        let release!: () => void;
        const first = withExclusiveLock(db().sql, new Set(), "server:d", () => new Promise<void>((resolve) => (release = resolve)));
        // Wait until the first holder has its lock before asking from the other pool.
        for (let i = 0; i < 200; i++) {
          const [row] = await other.query<{ n: number }>(`SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory' AND granted`);
          if ((row?.n ?? 0) > 0) break;
          await new Promise((resolve) => setTimeout(resolve, 20));
        }
        expect(await withExclusiveLock(other, new Set(), "server:d", async () => "second")).toEqual({ acquired: false });
        release();
        await first;
        expect(await withExclusiveLock(other, new Set(), "server:d", async () => "second")).toEqual({ acquired: true, value: "second" });
      } finally {
        await other.close();
      }
    });
  }
});
