import { describe, expect, it } from "vitest";
import { compareGhesAccounts, ghesPersonGrouper, type GhesPerson } from "../../src/licenses/group-ghes-accounts.js";
import type { GhesAccount } from "../../src/licenses/license-types.js";

const account = (hostname: string, ghesId: number, login: string, email: string | null, extra: Partial<GhesAccount> = {}): GhesAccount => ({
  hostname, ghesId, login, email, emailNormalized: email?.trim().toLowerCase() || null, suspended: false, dormant: false, ...extra,
});

function group(accounts: GhesAccount[]): GhesPerson[] {
  const grouper = ghesPersonGrouper();
  const people: GhesPerson[] = [];
  for (const a of accounts) {
    const done = grouper.add(a);
    if (done) people.push(done);
  }
  const last = grouper.end();
  return last ? [...people, last] : people;
}

const ids = (people: GhesPerson[]) => people.map((p) => [p.email, p.accounts.map((a) => `${a.hostname}:${a.ghesId}`)]);

describe("ghesPersonGrouper", () => {
  it("groups neighbours by normalized primary email, keeps the first spelling and drops who consumes nothing", () => {
    const accounts = [
      account("b", 7, "nomail", null),
      account("b", 8, "nomail2", null),
      account("a", 1, "ana", " Ana@X.example "),
      account("b", 5, "ana", "ana@x.example"),
      account("b", 6, "old", "b@x.example", { suspended: true }),
      account("a", 3, "bob", "bob@x.example", { dormant: true }),
      account("a", 2, "scim-admin", "scim@x.example"),
    ];
    expect(ids(group(accounts))).toEqual([
      [null, ["b:7"]],
      [null, ["b:8"]],
      ["Ana@X.example", ["a:1", "b:5"]],
      ["bob@x.example", ["a:3"]],
    ]);
  });

  it("gives nobody for no accounts", () => {
    expect(group([account("a", 1, "old", "old@x.example", { suspended: true })])).toEqual([]);
  });

  it("refuses an account that sorts before the one given last", () => {
    const grouper = ghesPersonGrouper();
    grouper.add(account("b", 1, "ana", "ana@x.example"));
    expect(() => grouper.add(account("a", 1, "ana", "ana@x.example"))).toThrow("a:1 came after b:1");
  });
});

describe("compareGhesAccounts", () => {
  it("sorts no email first, then by email, then by instance and id (numerically)", () => {
    const sorted = [
      account("h2", 1, "z", "z@x.example"),
      account("h1", 10, "n1", null),
      account("h1", 9, "n2", null),
      account("h2", 3, "a", "A@x.example"),
      account("h1", 4, "a", "a@x.example"),
      account("a", 99, "n3", null),
    ].sort(compareGhesAccounts);
    expect(sorted.map((a) => `${a.hostname}:${a.ghesId}`)).toEqual(["a:99", "h1:9", "h1:10", "h1:4", "h2:3", "h2:1"]);
  });
});
