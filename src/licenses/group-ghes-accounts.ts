// GHES accounts that consume a license, grouped into people: every user who is not suspended
// (dormant users included) except the `scim-admin` setup user, and accounts on several instances
// with the same primary email (trimmed, case-insensitive) are one person.
import type { GhesAccount } from "./license-types.js";
import { normalizeLogin } from "./normalize-email.js";

export type GhesPerson = {
  /** the primary email as first seen (trimmed), or null for accounts without one */
  email: string | null;
  emailNormalized: string | null;
  accounts: GhesAccount[];
};

export const SCIM_SETUP_LOGIN = "scim-admin";

export function consumesGhesLicense(account: GhesAccount): boolean {
  return !account.suspended && normalizeLogin(account.login) !== SCIM_SETUP_LOGIN;
}

/** The person of one account, as grouping makes it when the account is the first with its email. */
export function personOfAccount(account: GhesAccount): GhesPerson {
  const key = account.emailNormalized;
  return { email: key === null ? null : (account.email?.trim() ?? key), emailNormalized: key, accounts: [account] };
}

export function groupGhesAccounts(accounts: Iterable<GhesAccount>): GhesPerson[] {
  const byEmail = new Map<string, GhesPerson>();
  const people: GhesPerson[] = [];
  for (const account of accounts) {
    if (!consumesGhesLicense(account)) continue;
    const key = account.emailNormalized;
    if (key === null) {
      people.push(personOfAccount(account));
      continue;
    }
    const known = byEmail.get(key);
    if (known) {
      known.accounts.push(account);
      continue;
    }
    const person = personOfAccount(account);
    byEmail.set(key, person);
    people.push(person);
  }
  return people;
}
