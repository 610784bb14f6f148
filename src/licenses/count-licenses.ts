// The enterprise's consumed licenses: one row per person across GHEC and every GHES server, in a
// stable order, with the totals the dashboard and the usage history show.
//
// A count holds the organization's side (its people and identities: the small side) and takes the
// GHES users one at a time, sorted by email (`compareGhesAccounts`), so that a person's accounts
// arrive together. A GHES person no rule matches (most of a large fleet) has a license of their
// own: their row is answered at once, at its place, and nothing of them is kept. A matched person
// joins their GitHub account's row, built when the count finishes. The recount streams the users
// from the database this way and writes rows as they come; held all at once, 200,000 GHES users
// were most of a recount's memory (`npm run bench`).
//
// The stable order: people with a GitHub login, by login; invitations sent to an email address,
// as given; then the GHES people no rule matched, in `compareGhesAccounts` order.
import { buildMatchIndex, type MatchIndex } from "./build-match-index.js";
import { consumedLicenseRow } from "./consumed-license-row.js";
import { compareGhesAccounts, ghesPersonGrouper, type GhesPerson } from "./group-ghes-accounts.js";
import type { CloudPerson, CountedLicense, CountInput, CountResult, GhesAccount, Match, Totals } from "./license-types.js";
import { MATCH_RULES } from "./license-types.js";
import { matchGhesPerson } from "./match-ghes-person.js";

/** A license and its place in the stable order (0, 1, …). */
export type OrderedLicense = { ord: number; license: CountedLicense };

export type CloudSideInput = Omit<CountInput, "ghesAccounts"> & { githubWebUrl?: string; serverHostnames?: string[] };
export type CountLicensesInput = CountInput & { githubWebUrl?: string; serverHostnames?: string[] };

export type LicenseCount = {
  /** The next GHES user, in `compareGhesAccounts` order: answers the row of a person it completes whom no rule matched. */
  addGhesAccount(account: GhesAccount): OrderedLicense | null;
  /** After the last GHES user: the totals, and the rows still due (the last GHES person's, the organization's people's). */
  finish(): { totals: Totals; licenses: Iterable<OrderedLicense> };
};

/** A person of the organization with a login, and the GHES people matched to them. */
type CloudEntry = { login: string; person: CloudPerson; ghesPeople: GhesPerson[]; matches: Match[] };

const CLOUD_ONLY: Match = { rule: "none", detail: "only on GitHub Enterprise Cloud: no GHES account was matched to this account" };

function strongest(matches: Match[]): Match {
  if (matches.length === 0) return CLOUD_ONLY;
  if (matches.length === 1) return matches[0]!;
  const sorted = [...matches].sort((a, b) => MATCH_RULES.indexOf(a.rule) - MATCH_RULES.indexOf(b.rule));
  return { rule: sorted[0]!.rule, detail: sorted.map((m) => m.detail).join("; ") };
}

const byLogin = (a: CloudEntry, b: CloudEntry) => (a.login < b.login ? -1 : a.login > b.login ? 1 : 0);

function cloudEntries(index: MatchIndex): Map<string, CloudEntry> {
  const entries = new Map<string, CloudEntry>();
  for (const [login, person] of index.people) entries.set(login, { login, person, ghesPeople: [], matches: [] });
  return entries;
}

export function startLicenseCount(input: CloudSideInput): LicenseCount {
  const { org, matching } = input;
  const githubWebUrl = input.githubWebUrl ?? "https://github.com";
  const index = buildMatchIndex(input.cloudPeople, input.identities, input.mappings);
  const entries = cloudEntries(index);
  const invitations = input.cloudPeople.filter((person) => person.login === null);
  const grouper = ghesPersonGrouper();
  const servers: Record<string, number> = {};
  for (const hostname of input.serverHostnames ?? []) servers[hostname] = 0;
  // The GHES people no rule matches come after every person of the organization.
  let nextOrd = entries.size + invitations.length;

  const place = (person: GhesPerson | null): OrderedLicense | null => {
    if (person === null) return null;
    for (const account of person.accounts) servers[account.hostname] = (servers[account.hostname] ?? 0) + 1;
    const { login, match } = matchGhesPerson(person, index, matching);
    const entry = login !== null ? entries.get(login) : undefined;
    if (entry === undefined) {
      return { ord: nextOrd++, license: consumedLicenseRow({ org, githubWebUrl, person: null, ghesPeople: [person], samlNameId: null, match }) };
    }
    entry.ghesPeople.push(person);
    entry.matches.push(match);
    return null;
  };

  function* cloudLicenses(sorted: CloudEntry[]): Generator<OrderedLicense> {
    let ord = 0;
    for (const { login, person, ghesPeople, matches } of sorted) {
      const samlNameId = index.samlNameIdByLogin.get(login) ?? null;
      yield { ord: ord++, license: consumedLicenseRow({ org, githubWebUrl, person, ghesPeople, samlNameId, match: strongest(matches) }) };
    }
    for (const person of invitations) {
      const match: Match = { rule: "none", detail: `invitation sent to ${person.invitationEmail ?? "an email address"}, not yet accepted` };
      yield { ord: ord++, license: consumedLicenseRow({ org, githubWebUrl, person, ghesPeople: [], samlNameId: null, match }) };
    }
  }

  return {
    addGhesAccount: (account) => place(grouper.add(account)),
    finish() {
      const last = place(grouper.end());
      const sorted = [...entries.values()].sort(byLogin);
      const both = sorted.filter((entry) => entry.ghesPeople.length > 0).length;
      const cloud = sorted.length + invitations.length;
      const ghesOnly = nextOrd - cloud;
      const totals: Totals = { consumed: nextOrd, ghecOnly: cloud - both, ghesOnly, both, unmatched: ghesOnly, perDeployment: { cloud, servers } };
      function* due(): Generator<OrderedLicense> {
        if (last !== null) yield last;
        yield* cloudLicenses(sorted);
      }
      return { totals, licenses: due() };
    },
  };
}

/** The whole count in memory, rows in the stable order: for tests and small inputs. */
export function countLicenses(input: CountLicensesInput): CountResult {
  const count = startLicenseCount(input);
  const ordered: OrderedLicense[] = [];
  for (const account of [...input.ghesAccounts].sort(compareGhesAccounts)) {
    const own = count.addGhesAccount(account);
    if (own !== null) ordered.push(own);
  }
  const { totals, licenses } = count.finish();
  for (const own of licenses) ordered.push(own);
  ordered.sort((a, b) => a.ord - b.ord);
  return { licenses: ordered.map((own) => own.license), totals };
}
