// Lookup tables from a normalized key (email, SAML name, login) to the GitHub account it belongs
// to, one per rule, built once so matching a GHES user costs a few Map lookups.
import type { CloudIdentity, CloudPerson, IdentityMappingInput } from "./license-types.js";
import { normalizeEmail, normalizeLogin } from "./normalize-email.js";

/** `login` is lower-cased; `via` says which field of the account held the key. */
export type IndexHit = { login: string; via: string };

export type MatchIndex = {
  /** cloud people with a login, by lower-cased login */
  people: Map<string, CloudPerson>;
  mapping: Map<string, IndexHit>;
  saml: Map<string, IndexHit>;
  verifiedDomainEmail: Map<string, IndexHit>;
  publicEmail: Map<string, IndexHit>;
  /** SAML NameID per lower-cased login, for the row's `github_com_saml_name_id` */
  samlNameIdByLogin: Map<string, string>;
};

// The first account to claim a key keeps it: input order is stable, so the result is too.
function claim(map: Map<string, IndexHit>, key: string | null, hit: IndexHit): void {
  if (key !== null && !map.has(key)) map.set(key, hit);
}

export function buildMatchIndex(people: CloudPerson[], identities: CloudIdentity[], mappings: IdentityMappingInput[]): MatchIndex {
  const index: MatchIndex = {
    people: new Map(),
    mapping: new Map(),
    saml: new Map(),
    verifiedDomainEmail: new Map(),
    publicEmail: new Map(),
    samlNameIdByLogin: new Map(),
  };
  for (const person of people) {
    if (person.login === null) continue;
    const login = normalizeLogin(person.login);
    if (!index.people.has(login)) index.people.set(login, person);
    for (const email of person.verifiedDomainEmails) claim(index.verifiedDomainEmail, normalizeEmail(email), { login, via: email.trim() });
    claim(index.publicEmail, normalizeEmail(person.publicEmail), { login, via: person.publicEmail?.trim() ?? "" });
  }
  for (const identity of identities) {
    if (identity.login === null) continue;
    const login = normalizeLogin(identity.login);
    if (identity.samlNameId && !index.samlNameIdByLogin.has(login)) index.samlNameIdByLogin.set(login, identity.samlNameId);
    claim(index.saml, normalizeEmail(identity.samlNameId), { login, via: "SAML NameID" });
    claim(index.saml, normalizeEmail(identity.samlUsername), { login, via: "SAML username" });
    claim(index.saml, normalizeEmail(identity.scimUsername), { login, via: "SCIM username" });
    for (const email of identity.emails) claim(index.saml, normalizeEmail(email), { login, via: "SAML/SCIM email" });
  }
  for (const mapping of mappings) {
    claim(index.mapping, normalizeEmail(mapping.serverKey), { login: normalizeLogin(mapping.githubLogin), via: mapping.serverKey.trim() });
  }
  return index;
}
