// The enterprise's consumed licenses: one row per person across GHEC and every GHES server, in a
// stable order, with the totals the dashboard and the usage history show. Linear in the number
// of accounts (Maps, one pass each) plus one sort. `planLicenses` decides who is one person and
// builds each GHEC-shaped row only when asked, so a large count is written without holding every
// row in memory at once; `countLicenses` builds them all.
//
// Most GHES people of a large fleet match no GitHub account, and most have one account. The plan
// holds such a person as that account alone, and works out the person and the (unmatched) match
// again when the row is built: a wrapper, a sort key and the match's sentence for each of
// 150,000 people were most of a recount's memory (`npm run bench`).
import { buildMatchIndex } from "./build-match-index.js";
import { consumedLicenseRow } from "./consumed-license-row.js";
import { groupGhesAccounts, personOfAccount, type GhesPerson } from "./group-ghes-accounts.js";
import type { CloudPerson, CountedLicense, CountInput, CountResult, GhesAccount, Match, Totals } from "./license-types.js";
import { MATCH_RULES } from "./license-types.js";
import { matchGhesPerson } from "./match-ghes-person.js";

/** A person of the organization (a member, an outside collaborator or an invitation) and the GHES people matched to them. */
type CloudEntry = { person: CloudPerson; ghesPeople: GhesPerson[]; matches: Match[]; sortLogin: string; sortEmail: string };
/** A planned license: a cloud entry, or a GHES person no rule matched (the account of a person who has one). */
type Planned = CloudEntry | GhesPerson | GhesAccount;

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

const isCloudEntry = (planned: Planned): planned is CloudEntry => "person" in planned;
const ghesPersonOf = (planned: GhesPerson | GhesAccount): GhesPerson => ("accounts" in planned ? planned : personOfAccount(planned));
const compareText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const sortLogin = (p: Planned) => (isCloudEntry(p) ? p.sortLogin : "");
// A GHES person's normalized email is their first-seen email, lower-cased.
const sortEmail = (p: Planned) => (isCloudEntry(p) ? p.sortEmail : (p.emailNormalized ?? ""));
function firstAccount(p: Planned): string {
  const account = isCloudEntry(p) ? p.ghesPeople[0]?.accounts[0] : "accounts" in p ? p.accounts[0] : p;
  return account ? `${account.hostname}:${account.ghesId}` : "";
}

/** People with a GitHub login first (by login), then the rest by email, then by first account. */
function comparePlanned(a: Planned, b: Planned): number {
  const loginA = sortLogin(a);
  const loginB = sortLogin(b);
  if ((loginA === "") !== (loginB === "")) return loginA === "" ? 1 : -1;
  return compareText(loginA, loginB) || compareText(sortEmail(a), sortEmail(b)) || compareText(firstAccount(a), firstAccount(b));
}

function cloudEntry(person: CloudPerson): CloudEntry {
  return { person, ghesPeople: [], matches: [], sortLogin: (person.login ?? "").toLowerCase(), sortEmail: "" };
}

export function planLicenses(input: PlanInput): LicensePlan {
  const { org, matching } = input;
  const githubWebUrl = input.githubWebUrl ?? "https://github.com";
  const index = buildMatchIndex(input.cloudPeople, input.identities, input.mappings);

  const joined = new Map<string, CloudEntry>();
  for (const [login, person] of index.people) joined.set(login, cloudEntry(person));
  const planned: Planned[] = [];
  for (const grouped of groupGhesAccounts(input.ghesAccounts)) {
    const ghesPerson = ghesPersonOf(grouped);
    const { login, match } = matchGhesPerson(ghesPerson, index, matching);
    const entry = login !== null ? joined.get(login) : undefined;
    if (entry) {
      // Exact-size arrays, as in groupGhesAccounts: most entries get one person.
      entry.ghesPeople = entry.ghesPeople.concat([ghesPerson]);
      entry.matches = entry.matches.concat([match]);
      if (entry.sortEmail === "" && ghesPerson.emailNormalized !== null) entry.sortEmail = ghesPerson.emailNormalized;
    } else {
      planned.push(grouped);
    }
  }
  // One at a time: spreading an organization's people into one call's arguments would overflow
  // the stack for a large enough organization.
  for (const entry of joined.values()) planned.push(entry);
  // An invitation sent to an email address is a person of its own.
  for (const person of input.cloudPeople) if (person.login === null) planned.push(cloudEntry(person));
  planned.sort(comparePlanned);

  return {
    size: planned.length,
    totals: totalsOf(planned, input.serverHostnames ?? []),
    build: (i) => {
      const item = planned[i]!;
      if (!isCloudEntry(item)) {
        const ghesPerson = ghesPersonOf(item);
        const { match } = matchGhesPerson(ghesPerson, index, matching);
        return consumedLicenseRow({ org, githubWebUrl, person: null, ghesPeople: [ghesPerson], samlNameId: null, match });
      }
      const { person, ghesPeople, matches } = item;
      if (person.login === null) {
        const match: Match = { rule: "none", detail: `invitation sent to ${person.invitationEmail ?? "an email address"}, not yet accepted` };
        return consumedLicenseRow({ org, githubWebUrl, person, ghesPeople, samlNameId: null, match });
      }
      const samlNameId = person.login ? (index.samlNameIdByLogin.get(person.login.toLowerCase()) ?? null) : null;
      return consumedLicenseRow({ org, githubWebUrl, person, ghesPeople, samlNameId, match: strongest(matches) });
    },
  };
}

export function countLicenses(input: PlanInput): CountResult {
  const plan = planLicenses(input);
  return { licenses: Array.from({ length: plan.size }, (_, i) => plan.build(i)), totals: plan.totals };
}

function totalsOf(planned: Planned[], hostnames: string[]): Totals {
  const totals: Totals = { consumed: planned.length, ghecOnly: 0, ghesOnly: 0, both: 0, unmatched: 0, perDeployment: { cloud: 0, servers: {} } };
  const servers = totals.perDeployment.servers;
  for (const hostname of hostnames) servers[hostname] = 0;
  for (const item of planned) {
    const cloud = isCloudEntry(item);
    const accounts = cloud ? item.ghesPeople.flatMap((p) => p.accounts) : "accounts" in item ? item.accounts : [item];
    if (cloud) totals.perDeployment.cloud += 1;
    if (cloud && accounts.length > 0) totals.both += 1;
    else if (cloud) totals.ghecOnly += 1;
    else {
      totals.ghesOnly += 1;
      totals.unmatched += 1;
    }
    for (const account of accounts) servers[account.hostname] = (servers[account.hostname] ?? 0) + 1;
  }
  return totals;
}
