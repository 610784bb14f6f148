// GHES accounts that consume a license, grouped into people: every user who is not suspended
// (dormant users included) except the `scim-admin` setup user, and accounts on several instances
// with the same primary email (trimmed, case-insensitive) are one person.
//
// The accounts come sorted by that email (`compareGhesAccounts`; the recount has the database sort
// them), so a person's accounts are neighbours and grouping holds one person at a time: a count
// never holds a large fleet's users all at once.
import { compareCodePoints } from "./compare-code-points.js";
import type { GhesAccount } from "./license-types.js";
import { normalizeLogin } from "./normalize-email.js";

export type GhesPerson = {
  /** the primary email of the person's first account (trimmed), or null for an account without one */
  email: string | null;
  emailNormalized: string | null;
  /** by instance hostname, then GHES user id */
  accounts: GhesAccount[];
};

export const SCIM_SETUP_LOGIN = "scim-admin";

export function consumesGhesLicense(account: GhesAccount): boolean {
  return account.suspended !== true && normalizeLogin(account.login) !== SCIM_SETUP_LOGIN;
}

/**
 * The order of GHES people: accounts without an email first, then by normalized email; within
 * either, by instance hostname, then GHES user id. The same as the SQL
 * `ORDER BY email_normalized COLLATE "C" NULLS FIRST, hostname COLLATE "C", ghes_id`.
 */
export function compareGhesAccounts(a: GhesAccount, b: GhesAccount): number {
  if (a.emailNormalized !== b.emailNormalized) {
    if (a.emailNormalized === null) return -1;
    if (b.emailNormalized === null) return 1;
    return compareCodePoints(a.emailNormalized, b.emailNormalized);
  }
  return compareCodePoints(a.hostname, b.hostname) || a.ghesId - b.ghesId;
}

const describe = (account: GhesAccount) => `${account.hostname}:${account.ghesId}`;

function personOf(accounts: GhesAccount[]): GhesPerson | null {
  const first = accounts[0];
  if (first === undefined) return null;
  const email = first.emailNormalized === null ? null : (first.email?.trim() ?? first.emailNormalized);
  return { email, emailNormalized: first.emailNormalized, accounts };
}

export type GhesPersonGrouper = {
  /** Takes the next account; answers the person it completes, if any. */
  add(account: GhesAccount): GhesPerson | null;
  /** After the last account: the last person, if any. */
  end(): GhesPerson | null;
};

/** Groups accounts given in `compareGhesAccounts` order; one out of order is an error. */
export function ghesPersonGrouper(): GhesPersonGrouper {
  let accounts: GhesAccount[] = [];
  let previous: GhesAccount | undefined;
  return {
    add(account) {
      if (!consumesGhesLicense(account)) return null;
      if (previous !== undefined && compareGhesAccounts(previous, account) > 0) {
        throw new Error(`GHES accounts must come sorted by email, instance and id: ${describe(account)} came after ${describe(previous)}`);
      }
      previous = account;
      if (account.emailNormalized !== null && account.emailNormalized === accounts[0]?.emailNormalized) {
        accounts.push(account);
        return null;
      }
      const done = personOf(accounts);
      accounts = [account];
      return done;
    },
    end() {
      const done = personOf(accounts);
      accounts = [];
      return done;
    },
  };
}
