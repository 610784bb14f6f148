import fc from "fast-check";
import { expect, it } from "vitest";
import { compareGhesAccounts } from "../../src/licenses/group-ghes-accounts.js";
import type { GhesAccount } from "../../src/licenses/license-types.js";
import { normalizeEmail } from "../../src/licenses/normalize-email.js";
import type { GhesUserRow } from "../../src/sync/ghes-user-row.js";
import { readGhesAccounts } from "../../src/sync/read-ghes-accounts.js";
import { replaceServerSnapshot } from "../../src/sync/replace-server-snapshot.js";
import { describeEachDatabase } from "../support/test-database.js";
import { seedInstallation, seedServer } from "./seed-rows.js";

const user = (ghesId: number, email: string | null, extra: Partial<GhesUserRow> = {}): GhesUserRow => ({
  ghesId, login: `u${ghesId}`, email, emailNormalized: normalizeEmail(email), role: "user", suspended: false, dormant: false,
  createdOnGhes: null, lastActive: null, rawLogin: `u${ghesId}`, twoFactor: null, ...extra,
});

const place = (a: GhesAccount) => `${a.hostname}:${a.ghesId}`;

describeEachDatabase("readGhesAccounts", (db) => {
  /** Every page, read on one connection, and whether a cursor is left open on it afterwards. */
  async function readAll(installationId: number, pageSize?: number) {
    return db().sql.session(async (connection) => {
      const pages: GhesAccount[][] = [];
      for await (const page of readGhesAccounts(connection, installationId, pageSize)) pages.push(page);
      const [open] = await connection.query<{ n: number }>(`SELECT count(*)::int AS n FROM pg_cursors WHERE name <> ''`);
      return { pages, accounts: pages.flat(), openCursors: open!.n };
    });
  }

  it("gives the users of the lists in force sorted as the count takes them, without the suspended, a page at a time", async () => {
    const installationId = await seedInstallation(db().prisma);
    const b = await seedServer(db().prisma, installationId, "b.example");
    const a = await seedServer(db().prisma, installationId, "a.example");
    await replaceServerSnapshot(db(), b, [user(1, "Zed@x.example"), user(2, null), user(3, "ana@x.example"), user(4, "\u{1f600}@x.example"), user(5, "gone@x.example", { suspended: true })], { source: "synced" });
    await replaceServerSnapshot(db(), a, [user(10, "\uff21@x.example"), user(11, " ANA@x.example"), user(9, null), user(12, "bob@x.example")], { source: "synced" });
    // The replaced list of a: not in force, not read.
    await replaceServerSnapshot(db(), a, [user(10, "\uff21@x.example"), user(11, " ANA@x.example"), user(9, null)], { source: "synced" });

    const { pages, accounts, openCursors } = await readAll(installationId, 2);
    expect(accounts.map(place)).toEqual(["a.example:9", "b.example:2", "a.example:11", "b.example:3", "b.example:1", "a.example:10", "b.example:4"]);
    expect(pages.map((p) => p.length)).toEqual([2, 2, 2, 1]);
    expect(accounts[2]).toEqual({ hostname: "a.example", ghesId: 11, login: "u11", email: " ANA@x.example", emailNormalized: "ana@x.example" });
    expect(openCursors).toBe(0);
  });

  it("sorts exactly as compareGhesAccounts does, whatever the emails", async () => {
    const installationId = await seedInstallation(db().prisma);
    const servers = [await seedServer(db().prisma, installationId, "h1.example"), await seedServer(db().prisma, installationId, "h2.example")];
    // Mostly characters where UTF-16 and code point order disagree (U+E000–U+FFFF against a pair).
    const tricky = fc.constantFrom("a", "A", "é", "\uff21", "\ue000", "\u{1f600}", "\u{10ffff}", " ");
    const anyCharacter = fc.integer({ min: 0x20, max: 0x10ffff }).filter((c) => c < 0xd800 || c > 0xdfff).map((c) => String.fromCodePoint(c));
    const character = fc.oneof({ arbitrary: tricky, weight: 4 }, { arbitrary: anyCharacter, weight: 1 });
    const email = fc.option(fc.string({ unit: character, minLength: 1, maxLength: 3 }), { nil: null, freq: 6 });
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(fc.integer({ min: 0, max: 1 }), email), { maxLength: 25 }), async (generated) => {
        const lists: GhesUserRow[][] = [[], []];
        generated.forEach(([server, address], i) => lists[server]!.push(user(i + 1, address)));
        for (const [i, serverId] of servers.entries()) await replaceServerSnapshot(db(), serverId, lists[i]!, { source: "synced" });
        const { accounts } = await readAll(installationId, 4);
        expect(accounts.map(place)).toEqual([...accounts].sort(compareGhesAccounts).map(place));
        expect(accounts).toHaveLength(generated.length);
      }),
      { numRuns: 20 },
    );
  });

  it("closes its cursor when the reader stops early", async () => {
    const installationId = await seedInstallation(db().prisma);
    const serverId = await seedServer(db().prisma, installationId, "a.example");
    await replaceServerSnapshot(db(), serverId, [user(1, "a@x.example"), user(2, "b@x.example"), user(3, "c@x.example")], { source: "synced" });
    const open = await db().sql.session(async (connection) => {
      for await (const page of readGhesAccounts(connection, installationId, 1)) {
        expect(page.map(place)).toEqual(["a.example:1"]);
        break;
      }
      return connection.query<{ n: number }>(`SELECT count(*)::int AS n FROM pg_cursors WHERE name <> ''`);
    });
    expect(open[0]!.n).toBe(0);
  });

  it("refuses a page size that is not a positive integer", async () => {
    await expect(readAll(1, 0)).rejects.toThrow("readGhesAccounts: page size 0 is not a positive integer");
  });
});
