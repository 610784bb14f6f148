import { Readable } from "node:stream";
import { expect, it } from "vitest";
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
