// Which GitHub account, if any, a GHES person is. The rules are tried strongest first: the owners'
// identity mapping, the organization's SAML/SCIM identities, verified-domain emails, public
// profile emails, and the login (only when switched on). A rule only joins a person to an
// account that consumes a license in the organization.
import type { MatchIndex, IndexHit } from "./build-match-index.js";
import type { GhesPerson } from "./group-ghes-accounts.js";
import type { Match, MatchingSwitches } from "./license-types.js";
import { normalizeLogin } from "./normalize-email.js";

const RULE_WORDS = { saml: "SAML/SCIM identities", verified_domain_email: "verified-domain emails", public_email: "public profile emails" };

export type PersonMatch = { login: string | null; match: Match };

type EmailRule = {
  rule: "saml" | "verified_domain_email" | "public_email";
  on: (switches: MatchingSwitches) => boolean;
  map: (index: MatchIndex) => Map<string, IndexHit>;
  describe: (email: string | null, hit: IndexHit, shown: string) => string;
};

// The email rules in the order they are tried (one table for every person, not one per call).
const EMAIL_RULES: EmailRule[] = [
  { rule: "saml", on: (s) => s.saml, map: (i) => i.saml, describe: (email, hit, shown) => `${email} is the ${hit.via} of ${shown}'s linked identity` },
  { rule: "verified_domain_email", on: (s) => s.verifiedDomainEmails, map: (i) => i.verifiedDomainEmail, describe: (email, _, shown) => `${email} is a verified-domain email of ${shown}` },
  { rule: "public_email", on: (s) => s.publicEmail, map: (i) => i.publicEmail, describe: (email, _, shown) => `${email} is the public profile email of ${shown}` },
];

/** The person's GHES logins, lower-cased, each once, in account order. */
function loginsOf(person: GhesPerson): string[] {
  if (person.accounts.length === 1) return [normalizeLogin(person.accounts[0]!.login)];
  return [...new Set(person.accounts.map((a) => normalizeLogin(a.login)))];
}

/** How a matched login is shown: as the account spells it. */
const displayLogin = (index: MatchIndex, login: string) => index.people.get(login)?.login ?? login;

// The rules a person was tried against depend on the switches alone; a count asks once per
// unmatched person (150,000 in the benchmark's fleet), so the words are kept per switches object.
const triedWords = new WeakMap<MatchingSwitches, string>();
function rulesTried(switches: MatchingSwitches): string {
  let words = triedWords.get(switches);
  if (words === undefined) {
    const tried = [
      "identity mappings",
      ...EMAIL_RULES.filter(({ on }) => on(switches)).map(({ rule }) => RULE_WORDS[rule]),
      ...(switches.login ? ["logins"] : []),
    ];
    words = `tried ${tried.join(", ")}`;
    triedWords.set(switches, words);
  }
  return words;
}

export function matchGhesPerson(person: GhesPerson, index: MatchIndex, switches: MatchingSwitches): PersonMatch {
  const email = person.emailNormalized;
  const notes: string[] = [];

  let mapped: IndexHit | undefined = email !== null ? index.mapping.get(email) : undefined;
  if (mapped === undefined && index.mapping.size > 0) mapped = loginsOf(person).map((l) => index.mapping.get(l)).find((hit) => hit !== undefined);
  if (mapped) {
    if (index.people.has(mapped.login)) {
      return { login: mapped.login, match: { rule: "mapping", detail: `identity mapping ${mapped.via} → ${displayLogin(index, mapped.login)}` } };
    }
    notes.push(`the identity mapping for ${mapped.via} names ${mapped.login}, who does not consume a license in the organization`);
  }

  if (email !== null) {
    for (const { rule, on, map, describe } of EMAIL_RULES) {
      if (!on(switches)) continue;
      const hit = map(index).get(email);
      if (hit && index.people.has(hit.login)) return { login: hit.login, match: { rule, detail: describe(person.email, hit, displayLogin(index, hit.login)) } };
      if (hit) notes.push(`${person.email} belongs to ${hit.login}, who does not consume a license in the organization`);
    }
  }

  if (switches.login) {
    const same = loginsOf(person).find((l) => index.people.has(l));
    if (same !== undefined) return { login: same, match: { rule: "login", detail: `GHES login ${same} is the GitHub login ${displayLogin(index, same)}` } };
  }

  const what = person.email === null ? `${person.accounts[0]!.hostname}:${person.accounts[0]!.login} has no primary email` : `no GitHub account matches ${person.email}`;
  const detail = `${what} (${rulesTried(switches)})`;
  return { login: null, match: { rule: "none", detail: notes.length === 0 ? detail : [detail, ...notes].join("; ") } };
}
