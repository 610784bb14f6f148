import { describe, expect, it } from "vitest";
import { groupGhesAccounts, personOfAccount } from "../../src/licenses/group-ghes-accounts.js";
import type { GhesAccount } from "../../src/licenses/license-types.js";

const account = (hostname: string, ghesId: number, login: string, email: string | null, extra: Partial<GhesAccount> = {}): GhesAccount => ({
  hostname, ghesId, login, email, emailNormalized: email?.trim().toLowerCase() || null, suspended: false, dormant: false, ...extra,
});

describe("groupGhesAccounts", () => {
  it("groups by normalized primary email, keeps the first spelling and drops who consumes nothing", () => {
    const people = groupGhesAccounts([
      account("a", 1, "ana", " Ana@X.example "),
      account("b", 5, "ana", "ana@x.example"),
      account("a", 2, "scim-admin", "scim@x.example"),
      account("b", 6, "old", "old@x.example", { suspended: true }),
      account("b", 7, "nomail", null),
      account("a", 3, "bob", "bob@x.example", { dormant: true }),
    ]);
    // A person of one account is given as that account.
    expect(people.map((item) => ("accounts" in item ? item : personOfAccount(item))).map((p) => [p.email, p.accounts.map((a) => `${a.hostname}:${a.ghesId}`)])).toEqual([
      ["Ana@X.example", ["a:1", "b:5"]],
      [null, ["b:7"]],
      ["bob@x.example", ["a:3"]],
    ]);
  });
});
