import { Readable } from "node:stream";
import { expect, it } from "vitest";
import type { SqlClient } from "../../src/db/sql-client.js";
import type { GhesUserRow } from "../../src/sync/ghes-user-row.js";
import { AllUsersCsvError, parseAllUsersCsv } from "../../src/sync/parse-all-users-csv.js";
import { replaceServerSnapshot, ServerGoneError } from "../../src/sync/replace-server-snapshot.js";
import { describeEachDatabase } from "../support/test-database.js";
import { seedInstallation, seedServer } from "./seed-rows.js";

function user(id: number, overrides: Partial<GhesUserRow> = {}): GhesUserRow {
  return {
    ghesId: id,
    login: `user${id}`,
    email: `User${id}@Corp.Example`,
    emailNormalized: `user${id}@corp.example`,
    role: "user",
    suspended: false,
    dormant: false,
    createdOnGhes: new Date("2020-01-02T03:04:05Z"),
    lastActive: null,
    rawLogin: `user${id}`,
    twoFactor: null,
    ...overrides,
  };
}

const users = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => user(from + i));
const ids = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

/** The same client, but `afterEach` runs once each statement or transaction of the caller has finished. */
function pausingAfterEachStatement(sql: SqlClient, afterEach: () => Promise<void>): SqlClient {
  return {
    ...sql,
    query: async (text, params) => {
      const rows = await sql.query(text, params);
      await afterEach();
      return rows;
    },
    exec: async (text) => {
      await sql.exec(text);
      await afterEach();
    },
    transaction: async (fn) => {
      const result = await sql.transaction(fn);
      await afterEach();
      return result;
    },
  } as SqlClient;
}

describeEachDatabase("replaceServerSnapshot", (db) => {
  async function server() {
    const installationId = await seedInstallation(db().prisma);
    return seedServer(db().prisma, installationId, "ghes.corp.example");
  }

  async function usersInForce(serverId: string) {
    const { currentSnapshotId } = await db().prisma.ghesServer.findUniqueOrThrow({ where: { id: serverId } });
    if (!currentSnapshotId) return [];
    return db().prisma.ghesUser.findMany({ where: { snapshotId: currentSnapshotId }, orderBy: { ghesId: "asc" } });
  }

  it("stores every user in batches and puts the new snapshot in force", async () => {
    const serverId = await server();
    const result = await replaceServerSnapshot(db(), serverId, users(1, 1234), { source: "synced", batchSize: 500 });
    expect(result).toMatchObject({ userCount: 1234, previousSnapshotId: null });

    const stored = await usersInForce(serverId);
    expect(stored).toHaveLength(1234);
    expect(stored[0]).toEqual({
      snapshotId: result.snapshotId,
      ghesId: 1,
      login: "user1",
      email: "User1@Corp.Example",
      emailNormalized: "user1@corp.example",
      role: "user",
      suspended: false,
      dormant: false,
      createdOnGhes: new Date("2020-01-02T03:04:05Z"),
      lastActive: null,
      rawLogin: "user1",
      twoFactor: null,
    });
    const snapshot = await db().prisma.userSnapshot.findUniqueOrThrow({ where: { id: result.snapshotId } });
    expect(snapshot).toMatchObject({ serverId, source: "synced", userCount: 1234 });
    const srv = await db().prisma.ghesServer.findUniqueOrThrow({ where: { id: serverId } });
    expect(srv.lastSyncSource).toBe("synced");
  });

  it("keeps nulls, booleans and odd characters as given", async () => {
    const serverId = await server();
    const odd = user(9, { login: 'o"dd,\\{}', email: null, emailNormalized: null, role: null, suspended: true, dormant: true, twoFactor: false, createdOnGhes: null, rawLogin: null });
    await replaceServerSnapshot(db(), serverId, [odd], { source: "uploaded" });
    const [stored] = await usersInForce(serverId);
    expect(stored).toMatchObject({ login: 'o"dd,\\{}', email: null, role: null, suspended: true, dormant: true, twoFactor: false, createdOnGhes: null, rawLogin: null });
  });

  it("replaces the previous list and deletes it", async () => {
    const serverId = await server();
    const first = await replaceServerSnapshot(db(), serverId, users(1, 30), { source: "synced" });
    const second = await replaceServerSnapshot(db(), serverId, users(20, 25), { source: "uploaded", runId: null });
    expect(second.previousSnapshotId).toBe(first.snapshotId);
    expect((await usersInForce(serverId)).map((u) => u.ghesId)).toEqual([20, 21, 22, 23, 24, 25]);
    expect(await db().prisma.userSnapshot.count()).toBe(1);
    expect(await db().prisma.ghesUser.count()).toBe(6);
  });

  /** What a reader sees in force: one statement, so one consistent view of the pointer and the users. */
  async function idsInForce(serverId: string): Promise<number[]> {
    const rows = await db().sql.query<{ ghes_id: number }>(
      `SELECT u.ghes_id FROM ghes_servers s JOIN ghes_users u ON u.snapshot_id = s.current_snapshot_id WHERE s.id = $1 ORDER BY u.ghes_id`,
      [serverId],
    );
    return rows.map((r) => r.ghes_id);
  }

  it("shows a reader between any two of the swap's statements the old list or the new one, whole", async () => {
    const serverId = await server();
    await replaceServerSnapshot(db(), serverId, users(1, 40), { source: "synced" });
    const seen: string[] = [];
    const reader = async () => {
      const now = await idsInForce(serverId);
      seen.push(now.length === 0 ? "none" : `${now[0]}-${now.at(-1)}`);
      expect([ids(1, 40), ids(101, 150)]).toContainEqual(now);
    };
    await replaceServerSnapshot({ sql: pausingAfterEachStatement(db().sql, reader) }, serverId, users(101, 150), { source: "synced", batchSize: 20 });
    // The reader looked while the new users were written (three batches) and after the swap.
    expect(seen.filter((s) => s === "1-40").length).toBeGreaterThanOrEqual(3);
    expect(seen.at(-1)).toBe("101-150");
  });

  it("never shows a reader polling during ten swaps an empty or mixed list", async () => {
    const serverId = await server();
    await replaceServerSnapshot(db(), serverId, users(1, 300), { source: "synced" });
    const lists = Array.from({ length: 11 }, (_, k) => ids(k * 1000 + 1, k * 1000 + 300).join(","));
    let swapping = true;
    let reads = 0;
    const wrong: string[] = [];
    const reader = (async () => {
      while (swapping) {
        const now = (await idsInForce(serverId)).join(",");
        reads++;
        if (!lists.includes(now)) wrong.push(now.length > 60 ? `${now.slice(0, 60)}… (${now.split(",").length} users)` : now || "(none)");
      }
    })();
    try {
      for (let k = 1; k <= 10; k++) await replaceServerSnapshot(db(), serverId, users(k * 1000 + 1, k * 1000 + 300), { source: "synced", batchSize: 100 });
    } finally {
      swapping = false;
      await reader;
    }
    expect(wrong).toEqual([]);
    expect(reads).toBeGreaterThan(10);
    expect(await idsInForce(serverId)).toEqual(ids(10_001, 10_300));
  });

  it("keeps the last good list when the new one fails part-way, and leaves no partial rows", async () => {
    const serverId = await server();
    const good = await replaceServerSnapshot(db(), serverId, users(1, 10), { source: "synced" });
    const lines = ["id,login,email,role,suspended?", ...Array.from({ length: 40 }, (_, i) => `${i + 100},u${i},u${i}@x,user,false`), "oops,x,x@x,user,false"];
    const failed = replaceServerSnapshot(db(), serverId, parseAllUsersCsv(Readable.from([lines.join("\n")])), { source: "uploaded", batchSize: 7 });
    await expect(failed).rejects.toThrow(AllUsersCsvError);
    await expect(failed).rejects.toThrow("all_users.csv line 42: column id");

    const srv = await db().prisma.ghesServer.findUniqueOrThrow({ where: { id: serverId } });
    expect(srv.currentSnapshotId).toBe(good.snapshotId);
    expect(srv.lastSyncSource).toBe("synced");
    expect(await db().prisma.userSnapshot.count()).toBe(1);
    expect((await usersInForce(serverId)).map((u) => u.ghesId)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(await db().prisma.ghesUser.count()).toBe(10);
  });

  it("refuses a server that does not exist, and one deleted during the sync", async () => {
    await expect(replaceServerSnapshot(db(), "no-such-server", users(1, 2), { source: "synced" })).rejects.toThrow(ServerGoneError);

    const serverId = await server();
    async function* deletingSource() {
      yield user(1);
      await db().prisma.ghesServer.delete({ where: { id: serverId } });
      yield user(2);
    }
    await expect(replaceServerSnapshot(db(), serverId, deletingSource(), { source: "synced", batchSize: 1 })).rejects.toThrow();
    expect(await db().prisma.userSnapshot.count()).toBe(0);
    expect(await db().prisma.ghesUser.count()).toBe(0);
  });

  it("removes snapshots a crashed process left behind a day ago, but not a fresh one in progress", async () => {
    const serverId = await server();
    const old = await db().prisma.userSnapshot.create({ data: { serverId, source: "synced", createdAt: new Date(Date.now() - 2 * 86_400_000) } });
    const inProgress = await db().prisma.userSnapshot.create({ data: { serverId, source: "uploaded" } });
    await replaceServerSnapshot(db(), serverId, users(1, 3), { source: "synced" });
    const left = (await db().prisma.userSnapshot.findMany()).map((s) => s.id);
    expect(left).not.toContain(old.id);
    expect(left).toContain(inProgress.id);
    expect(left).toHaveLength(2);
  });

  it("stores an empty list as an empty snapshot", async () => {
    const serverId = await server();
    await replaceServerSnapshot(db(), serverId, users(1, 3), { source: "synced" });
    const result = await replaceServerSnapshot(db(), serverId, [], { source: "synced" });
    expect(result.userCount).toBe(0);
    expect(await usersInForce(serverId)).toEqual([]);
  });
});
