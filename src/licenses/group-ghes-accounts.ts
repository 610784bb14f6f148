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
 * The person of one account (grouping gives such a person as the account itself), made for a
 * moment: to match them, and to build their row. Its own object literal, not the one grouping
 * uses: V8 decides per literal whether to allocate its objects straight in the old generation,
 * and the people grouping makes live through a count, while these die at once. Sharing the
 * literal put every row's person in the old generation too (100 MB of garbage while a count of
 * 200,000 users was written, `npm run bench`).
 */
export function personOfAccount(account: GhesAccount): GhesPerson {
  return { email: firstEmail(account), emailNormalized: account.emailNormalized, accounts: [account] };
}

/** A person of several accounts, in the order given: these live as long as the count. */
const groupedPerson = (accounts: GhesAccount[]): GhesPerson => ({ email: firstEmail(accounts[0]!), emailNormalized: accounts[0]!.emailNormalized, accounts });

/**
 * The people, in the order their first account was given; a person with one account (most of a
 * large fleet) as that account, so that grouping 200,000 accounts makes a person object only for
 * those who have several. The map holds each email's place in the list.
 */
export function groupGhesAccounts(accounts: Iterable<GhesAccount>): Array<GhesPerson | GhesAccount> {
  const placeOf = new Map<string, number>();
  const people: Array<GhesPerson | GhesAccount> = [];
  for (const account of accounts) {
    if (!consumesGhesLicense(account)) continue;
    const key = account.emailNormalized;
    const place = key === null ? undefined : placeOf.get(key);
    if (place === undefined) {
      if (key !== null) placeOf.set(key, people.length);
      people.push(account);
      continue;
    }
    const known = people[place]!;
    // A new array of the exact size: push would reserve room for 16 more accounts.
    people[place] = groupedPerson("accounts" in known ? known.accounts.concat([account]) : [known, account]);
  }
  return people;
}
