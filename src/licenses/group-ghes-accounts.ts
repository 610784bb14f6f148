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
  return account.suspended !== true && normalizeLogin(account.login) !== SCIM_SETUP_LOGIN;
}

/** A person's email: the first account's primary email, trimmed (null when it has none). */
const firstEmail = (account: GhesAccount) => (account.emailNormalized === null ? null : (account.email?.trim() ?? account.emailNormalized));

/**
 * The person of one account, as grouping makes it when the account is the first with its email,
 * for a person made again for a moment (a count's rows are built from accounts). Its own object
 * literal, not the one grouping uses: V8 decides per literal whether to allocate its objects
 * straight in the old generation, and the people grouping makes live through a count, while
 * these die at once. Sharing the literal put every row's person in the old generation too
 * (100 MB of garbage while a count of 200,000 users was written, `npm run bench`).
 */
export function personOfAccount(account: GhesAccount): GhesPerson {
  return { email: firstEmail(account), emailNormalized: account.emailNormalized, accounts: [account] };
}

/** The person of an account that starts a group: these live as long as the count. */
const groupedPerson = (account: GhesAccount): GhesPerson => ({ email: firstEmail(account), emailNormalized: account.emailNormalized, accounts: [account] });

export function groupGhesAccounts(accounts: Iterable<GhesAccount>): GhesPerson[] {
  const byEmail = new Map<string, GhesPerson>();
  const people: GhesPerson[] = [];
  for (const account of accounts) {
    if (!consumesGhesLicense(account)) continue;
    const key = account.emailNormalized;
    if (key === null) {
      people.push(groupedPerson(account));
      continue;
    }
    const known = byEmail.get(key);
    if (known) {
      // A new array of the exact size: push would reserve room for 16 more accounts, and a count
      // holds tens of thousands of these people.
      known.accounts = known.accounts.concat([account]);
      continue;
    }
    const person = groupedPerson(account);
    byEmail.set(key, person);
    people.push(person);
  }
  return people;
}
