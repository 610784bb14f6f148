// The enterprise's consumed licenses: one row per person across GHEC and every GHES server, in a
// stable order, with the totals the dashboard and the usage history show. Linear in the number
// of accounts (Maps, one pass each) plus one sort.
import { buildMatchIndex } from "./build-match-index.js";
import { consumedLicenseRow } from "./consumed-license-row.js";
import { groupGhesAccounts, type GhesPerson } from "./group-ghes-accounts.js";
import type { CloudPerson, CountedLicense, CountInput, CountResult, Match, Totals } from "./license-types.js";
import { MATCH_RULES } from "./license-types.js";
import { matchGhesPerson } from "./match-ghes-person.js";

type Joined = { person: CloudPerson; ghesPeople: GhesPerson[]; matches: Match[] };

const CLOUD_ONLY: Match = { rule: "none", detail: "only on GitHub Enterprise Cloud: no GHES account was matched to this account" };

function strongest(matches: Match[]): Match {
  if (matches.length === 0) return CLOUD_ONLY;
  const sorted = [...matches].sort((a, b) => MATCH_RULES.indexOf(a.rule) - MATCH_RULES.indexOf(b.rule));
  return { rule: sorted[0]!.rule, detail: sorted.map((m) => m.detail).join("; ") };
}

function sortKey(license: CountedLicense): string {
  const { row } = license;
  // People with a GitHub login first (by login), then the rest by email, then by account id.
  return [row.github_com_login === "" ? "1" : "0", row.github_com_login.toLowerCase(), row.enterprise_server_emails[0]?.toLowerCase() ?? "", row.enterprise_server_user_ids[0] ?? ""].join("\u0000");
}

export function countLicenses(input: CountInput & { githubWebUrl?: string; serverHostnames?: string[] }): CountResult {
  const githubWebUrl = input.githubWebUrl ?? "https://github.com";
  const index = buildMatchIndex(input.cloudPeople, input.identities, input.mappings);
  const ghesPeople = groupGhesAccounts(input.ghesAccounts);

  const joined = new Map<string, Joined>();
  for (const [login, person] of index.people) joined.set(login, { person, ghesPeople: [], matches: [] });

  const licenses: CountedLicense[] = [];
  const row = (person: CloudPerson | null, people: GhesPerson[], match: Match) =>
    consumedLicenseRow({ org: input.org, githubWebUrl, person, ghesPeople: people, samlNameId: person?.login ? (index.samlNameIdByLogin.get(person.login.toLowerCase()) ?? null) : null, match });

  for (const ghesPerson of ghesPeople) {
    const { login, match } = matchGhesPerson(ghesPerson, index, input.matching);
    const entry = login !== null ? joined.get(login) : undefined;
    if (entry) {
      entry.ghesPeople.push(ghesPerson);
      entry.matches.push(match);
    } else {
      licenses.push(row(null, [ghesPerson], match));
    }
  }
  for (const entry of joined.values()) licenses.push(row(entry.person, entry.ghesPeople, strongest(entry.matches)));
  // An invitation sent to an email address is a person of its own.
  for (const person of input.cloudPeople) if (person.login === null) licenses.push(row(person, [], { rule: "none", detail: `invitation sent to ${person.invitationEmail ?? "an email address"}, not yet accepted` }));

  const keyed = licenses.map((license) => ({ license, key: sortKey(license) }));
  keyed.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const sorted = keyed.map((k) => k.license);
  return { licenses: sorted, totals: totalsOf(sorted, input.serverHostnames ?? []) };
}

function totalsOf(licenses: CountedLicense[], hostnames: string[]): Totals {
  const totals: Totals = { consumed: licenses.length, ghecOnly: 0, ghesOnly: 0, both: 0, unmatched: 0, perDeployment: { cloud: 0, servers: {} } };
  for (const hostname of hostnames) totals.perDeployment.servers[hostname] = 0;
  for (const { row } of licenses) {
    const cloud = row.github_com_user || row.github_com_orgs_with_pending_invites.length > 0;
    const server = row.enterprise_server_user;
    if (cloud) totals.perDeployment.cloud += 1;
    if (cloud && server) totals.both += 1;
    else if (cloud) totals.ghecOnly += 1;
    else {
      totals.ghesOnly += 1;
      totals.unmatched += 1;
    }
    for (const id of row.enterprise_server_user_ids) {
      const hostname = id.slice(0, id.lastIndexOf(":"));
      totals.perDeployment.servers[hostname] = (totals.perDeployment.servers[hostname] ?? 0) + 1;
    }
  }
  return totals;
}
