import { readFileSync } from "node:fs";
import { Readable } from "node:stream";
import { expect, it } from "vitest";
import { importAllUsersCsv } from "../../src/sync/import-all-users-csv.js";
import { describeEachDatabase } from "../support/test-database.js";
import { seedInstallation, seedServer } from "./seed-rows.js";

const FIXTURE = readFileSync(new URL("../fixtures/ghes/all_users.csv", import.meta.url));

describeEachDatabase("importAllUsersCsv", (db) => {
  it("puts a report in force, and a malformed one changes nothing", async () => {
    const serverId = await seedServer(db().prisma, await seedInstallation(db().prisma), "ghes.corp.example");
    const good = await importAllUsersCsv(db(), serverId, Readable.from([FIXTURE]), { source: "uploaded" });
    expect(good.userCount).toBe(6);

    const missingColumn = Readable.from(["id,login,email,role\n1,a,a@x,user\n"]);
    await expect(importAllUsersCsv(db(), serverId, missingColumn, { source: "uploaded" })).rejects.toThrow("all_users.csv line 1: missing required column suspended?");

    const server = await db().prisma.ghesServer.findUniqueOrThrow({ where: { id: serverId } });
    expect(server.currentSnapshotId).toBe(good.snapshotId);
    expect(await db().prisma.ghesUser.count()).toBe(6);
    expect(await db().prisma.userSnapshot.count()).toBe(1);
  });
});
