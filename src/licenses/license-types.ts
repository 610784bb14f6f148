// The inputs and outputs of counting licenses. Everything here is plain data so the matcher and
// the counter stay pure functions: no database, no network, no clock.
import type { CloudIdentity, CloudPerson } from "../cloud/cloud-people.js";

export type { CloudIdentity, CloudPerson };

/**
 * A user of a GHES server's snapshot in force, as the matcher needs it. A count holds one per
 * user (200,000 in the benchmark's fleet), so it carries no more than that: a user read from the
 * database is never suspended (those are not read), and dormant users count like any other.
 */
export type GhesAccount = {
  hostname: string;
  ghesId: number;
  login: string;
  email: string | null;
  emailNormalized: string | null;
  /** absent: not suspended */
  suspended?: boolean;
  /** informational: dormant users consume a license too */
  dormant?: boolean;
};

export type IdentityMappingInput = { serverKey: string; githubLogin: string };

/** The settings file's `matching` switches (`mapping` is an owner's explicit word and always applies). */
export type MatchingSwitches = { saml: boolean; verifiedDomainEmails: boolean; publicEmail: boolean; login: boolean };

export const DEFAULT_MATCHING: MatchingSwitches = { saml: true, verifiedDomainEmails: true, publicEmail: true, login: false };

/** Strongest first: the order in which a GHES user's primary email is tried. */
export const MATCH_RULES = ["mapping", "saml", "verified_domain_email", "public_email", "login", "none"] as const;
export type MatchRule = (typeof MATCH_RULES)[number];

export type Match = { rule: MatchRule; detail: string };

export type CountInput = {
  org: string;
  ghesAccounts: Iterable<GhesAccount>;
  cloudPeople: CloudPerson[];
  identities: CloudIdentity[];
  mappings: IdentityMappingInput[];
  matching: MatchingSwitches;
};

/** One person consuming one license, in GitHub's `consumed-licenses` shape, plus why. */
export type ConsumedLicenseRow = {
  github_com_login: string;
  github_com_name: string;
  enterprise_server_user_ids: string[];
  github_com_user: boolean;
  enterprise_server_user: boolean;
  visual_studio_subscription_user: boolean;
  license_type: "enterprise";
  github_com_profile: string;
  github_com_member_roles: string[];
  github_com_enterprise_roles: string[];
  github_com_verified_domain_emails: string[];
  github_com_saml_name_id: string;
  github_com_orgs_with_pending_invites: string[];
  github_com_two_factor_auth: boolean | null;
  enterprise_server_emails: string[];
  visual_studio_license_status: string;
  visual_studio_subscription_email: string;
  total_user_accounts: number;
  match: Match;
};

export type CountedLicense = { row: ConsumedLicenseRow; searchText: string };

export type PerDeployment = { cloud: number; servers: Record<string, number> };

export type Totals = {
  consumed: number;
  ghecOnly: number;
  ghesOnly: number;
  both: number;
  /** GHES people whom no rule joined to a GitHub account (they may be double counted) */
  unmatched: number;
  perDeployment: PerDeployment;
};

export type CountResult = { licenses: CountedLicense[]; totals: Totals };
