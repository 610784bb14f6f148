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

export function matchGhesPerson(person: GhesPerson, index: MatchIndex, switches: MatchingSwitches): PersonMatch {
  const email = person.emailNormalized;
  const logins = [...new Set(person.accounts.map((a) => normalizeLogin(a.login)))];
  const display = (login: string) => index.people.get(login)?.login ?? login;
  const notes: string[] = [];

  const mapped: IndexHit | undefined = (email !== null ? index.mapping.get(email) : undefined) ?? logins.map((l) => index.mapping.get(l)).find((hit) => hit !== undefined);
  if (mapped) {
    if (index.people.has(mapped.login)) {
      return { login: mapped.login, match: { rule: "mapping", detail: `identity mapping ${mapped.via} → ${display(mapped.login)}` } };
    }
    notes.push(`the identity mapping for ${mapped.via} names ${mapped.login}, who does not consume a license in the organization`);
  }

  const byEmail: Array<[boolean, Map<string, IndexHit>, "saml" | "verified_domain_email" | "public_email", (hit: IndexHit) => string]> = [
    [switches.saml, index.saml, "saml", (hit) => `${person.email} is the ${hit.via} of ${display(hit.login)}'s linked identity`],
    [switches.verifiedDomainEmails, index.verifiedDomainEmail, "verified_domain_email", (hit) => `${person.email} is a verified-domain email of ${display(hit.login)}`],
    [switches.publicEmail, index.publicEmail, "public_email", (hit) => `${person.email} is the public profile email of ${display(hit.login)}`],
  ];
  if (email !== null) {
    for (const [on, map, rule, describe] of byEmail) {
      if (!on) continue;
      const hit = map.get(email);
      if (hit && index.people.has(hit.login)) return { login: hit.login, match: { rule, detail: describe(hit) } };
      if (hit) notes.push(`${person.email} belongs to ${hit.login}, who does not consume a license in the organization`);
    }
  }

  if (switches.login) {
    const same = logins.find((l) => index.people.has(l));
    if (same !== undefined) return { login: same, match: { rule: "login", detail: `GHES login ${same} is the GitHub login ${display(same)}` } };
  }

  const tried = [
    "identity mappings",
    ...byEmail.filter(([on]) => on).map(([, , rule]) => RULE_WORDS[rule]),
    ...(switches.login ? ["logins"] : []),
  ];
  const what = person.email === null ? `${person.accounts[0]!.hostname}:${person.accounts[0]!.login} has no primary email` : `no GitHub account matches ${person.email}`;
  return { login: null, match: { rule: "none", detail: [`${what} (tried ${tried.join(", ")})`, ...notes].join("; ") } };
}
