// What a pull from GHEC brings back: the organization's people who consume a license, its linked
// SAML/SCIM identities, and what the app could not read (shown to owners as limitations).
import type { ProbotOctokit } from "probot";

export type Octokit = InstanceType<typeof ProbotOctokit>;

/** owner | member | outside_collaborator | pending_invitation (billing managers consume nothing) */
export type CloudRole = "owner" | "member" | "outside_collaborator" | "pending_invitation";

export type CloudPerson = {
  /** null for an invitation sent to an email address */
  login: string | null;
  githubId: number | null;
  name: string | null;
  role: CloudRole;
  publicEmail: string | null;
  verifiedDomainEmails: string[];
  invitationEmail: string | null;
  twoFactor: boolean | null;
};

export type CloudIdentity = {
  login: string | null;
  samlNameId: string | null;
  samlUsername: string | null;
  scimUsername: string | null;
  emails: string[];
};

/** Keyed by what is missing ("saml", "verified_domain_emails", ...), valued by why. */
export type Limitations = Record<string, string>;

export type CloudPull = { people: CloudPerson[]; identities: CloudIdentity[]; limitations: Limitations };

/** A GitHub answer that means "not for you" or "not here" rather than "try again". */
export function isRefusal(error: unknown): boolean {
  const status = (error as { status?: number }).status;
  if (status === 403) {
    const headers = (error as { response?: { headers?: Record<string, string> } }).response?.headers ?? {};
    return headers["x-ratelimit-remaining"] !== "0" && headers["retry-after"] === undefined;
  }
  return status === 404;
}

/** GraphQL error types that mean a missing feature or permission. */
export const GRAPHQL_REFUSALS = new Set(["FORBIDDEN", "NOT_FOUND", "INSUFFICIENT_SCOPES"]);

export type GraphqlErrorEntry = { type?: string; message?: string; path?: Array<string | number> };

/** The `errors` and partial `data` of an @octokit/graphql GraphqlResponseError, or null for other errors. */
export function graphqlFailure(error: unknown): { errors: GraphqlErrorEntry[]; data: unknown } | null {
  const e = error as { name?: string; errors?: unknown; data?: unknown };
  if (e?.name !== "GraphqlResponseError" || !Array.isArray(e.errors)) return null;
  return { errors: e.errors as GraphqlErrorEntry[], data: e.data };
}
