// The enterprise's consumed licenses: one row per person across GHEC and every GHES server, in a
// stable order, with the totals the dashboard and the usage history show. Linear in the number
// of accounts (Maps, one pass each) plus one sort. `planLicenses` decides who is one person and
// builds each GHEC-shaped row only when asked, so a large count is written without holding every
// row in memory at once; `countLicenses` builds them all.
import { buildMatchIndex } from "./build-match-index.js";
import { consumedLicenseRow } from "./consumed-license-row.js";
import { groupGhesAccounts, type GhesPerson } from "./group-ghes-accounts.js";
import type { CloudPerson, CountedLicense, CountInput, CountResult, Match, Totals } from "./license-types.js";
import { MATCH_RULES } from "./license-types.js";
import { matchGhesPerson } from "./match-ghes-person.js";

type Entry = { person: CloudPerson | null; ghesPeople: GhesPerson[]; matches: Match[] };

export type LicensePlan = {
  /** the number of people consuming a license */
  size: number;
  totals: Totals;
  /** the row of the i-th person in the stable order */
  build(i: number): CountedLicense;
};

export type PlanInput = CountInput & { githubWebUrl?: string; serverHostnames?: string[] };

const CLOUD_ONLY: Match = { rule: "none", detail: "only on GitHub Enterprise Cloud: no GHES account was matched to this account" };

function strongest(matches: Match[]): Match {
  if (matches.length === 0) return CLOUD_ONLY;
  if (matches.length === 1) return matches[0]!;
  const sorted = [...matches].sort((a, b) => MATCH_RULES.indexOf(a.rule) - MATCH_RULES.indexOf(b.rule));
  return { rule: sorted[0]!.rule, detail: sorted.map((m) => m.detail).join("; ") };
}

function sortKey({ person, ghesPeople }: Entry): string {
  const login = person?.login ?? "";
  const email = ghesPeople.find((p) => p.email !== null)?.email ?? "";
  const first = ghesPeople[0]?.accounts[0];
  // People with a GitHub login first (by login), then the rest by email, then by account id.
  return [login === "" ? "1" : "0", login.toLowerCase(), email.toLowerCase(), first ? `${first.hostname}:${first.ghesId}` : ""].join("\u0000");
}

export function planLicenses(input: PlanInput): LicensePlan {
  const githubWebUrl = input.githubWebUrl ?? "https://github.com";
  const index = buildMatchIndex(input.cloudPeople, input.identities, input.mappings);

  const joined = new Map<string, Entry>();
  for (const [login, person] of index.people) joined.set(login, { person, ghesPeople: [], matches: [] });
  const entries: Entry[] = [];
  for (const ghesPerson of groupGhesAccounts(input.ghesAccounts)) {
    const { login, match } = matchGhesPerson(ghesPerson, index, input.matching);
    const entry = login !== null ? joined.get(login) : undefined;
    if (entry) {
      entry.ghesPeople.push(ghesPerson);
      entry.matches.push(match);
    } else {
      entries.push({ person: null, ghesPeople: [ghesPerson], matches: [match] });
    }
  }
  entries.push(...joined.values());
  // An invitation sent to an email address is a person of its own.
  for (const person of input.cloudPeople) {
    if (person.login === null) {
      entries.push({ person, ghesPeople: [], matches: [{ rule: "none", detail: `invitation sent to ${person.invitationEmail ?? "an email address"}, not yet accepted` }] });
    }
  }

  const keyed = entries.map((entry) => ({ entry, key: sortKey(entry) }));
  keyed.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const sorted = keyed.map((k) => k.entry);

  return {
    size: sorted.length,
    totals: totalsOf(sorted, input.serverHostnames ?? []),
    build: (i) => {
      const { person, ghesPeople, matches } = sorted[i]!;
      const samlNameId = person?.login ? (index.samlNameIdByLogin.get(person.login.toLowerCase()) ?? null) : null;
      return consumedLicenseRow({ org: input.org, githubWebUrl, person, ghesPeople, samlNameId, match: strongest(matches) });
    },
  };
}

export function countLicenses(input: PlanInput): CountResult {
  const plan = planLicenses(input);
  return { licenses: Array.from({ length: plan.size }, (_, i) => plan.build(i)), totals: plan.totals };
}

function totalsOf(entries: Entry[], hostnames: string[]): Totals {
  const totals: Totals = { consumed: entries.length, ghecOnly: 0, ghesOnly: 0, both: 0, unmatched: 0, perDeployment: { cloud: 0, servers: {} } };
  for (const hostname of hostnames) totals.perDeployment.servers[hostname] = 0;
  for (const { person, ghesPeople } of entries) {
    const cloud = person !== null;
    const server = ghesPeople.length > 0;
    if (cloud) totals.perDeployment.cloud += 1;
    if (cloud && server) totals.both += 1;
    else if (cloud) totals.ghecOnly += 1;
    else {
      totals.ghesOnly += 1;
      totals.unmatched += 1;
    }
    for (const group of ghesPeople) {
      for (const account of group.accounts) totals.perDeployment.servers[account.hostname] = (totals.perDeployment.servers[account.hostname] ?? 0) + 1;
    }
  }
  return totals;
}
