// The authorization every `/api/enterprises/{enterprise}/…` route shares. In order:
//   1. who is calling (401 without a valid token or session);
//   2. CSRF token for cookie-authenticated requests that change state (403);
//   3. the installation with that login (404 when there is none);
//   4. a suspended installation answers 409 (GitHub cannot be asked who owns it while suspended);
//   5. is the caller an active owner, asked through the installation and cached for minutes:
//      someone who is not a member at all gets the same 404 as an unknown organization, so
//      strangers cannot learn where the app is installed; members, billing managers and pending
//      members get 403; GitHub not answering gives 503;
//   6. an installation whose installer was not verified answers 409 with the reason (owners only).
import type { IncomingMessage } from "node:http";
import type { Installation } from "@prisma/client";
import { getOrgMembership, type OrgMembership } from "../github/get-org-membership.js";
import { HttpError } from "../http/http-error.js";
import { findInstallationByLogin } from "./find-installation-by-login.js";
import { authenticateRequest, type Caller } from "./authenticate-request.js";
import type { Auth } from "./create-auth.js";
import { changesState, hasValidCsrfToken } from "./csrf.js";

const GITHUB_LOGIN = /^[a-z0-9](?:[a-z0-9-]{0,38})$/i;

export type OwnerRequest = Caller & { installation: Installation };

export async function requireOwner(
  req: IncomingMessage,
  auth: Auth,
  enterprise: string,
  options: { csrfToken?: string } = {},
): Promise<OwnerRequest> {
  const caller = await authenticateRequest(req, auth);
  if (caller.via === "session" && changesState(req) && !hasValidCsrfToken(req, caller.session, options.csrfToken)) {
    throw new HttpError(403, "Missing or invalid CSRF token (send the session's token in X-CSRF-Token or the _csrf field)");
  }
  // Only a GitHub login can name an installation (this also keeps LIKE wildcards out of the lookup).
  if (!GITHUB_LOGIN.test(enterprise)) throw notFound(enterprise);
  const installation = await findInstallationByLogin(auth.deps.db.sql, enterprise);
  if (!installation) throw notFound(enterprise);
  if (installation.suspendedAt) throw new HttpError(409, `license-sync is suspended on ${installation.login}; an owner can unsuspend it in the organization's settings`);

  const membership = await ownership(auth, caller, installation);
  if (membership.kind === "unknown") {
    throw new HttpError(503, `Could not check with GitHub whether you own ${installation.login}; try again`, undefined, { "retry-after": "30" });
  }
  if (membership.kind === "not-owner") {
    if (membership.role === undefined) throw notFound(enterprise);
    throw new HttpError(403, `Only owners of ${installation.login} may do this: ${membership.reason}`);
  }
  if (installation.verification !== "verified") {
    throw new HttpError(
      409,
      installation.verification === "pending"
        ? `license-sync on ${installation.login} is still verifying who installed it; try again shortly`
        : `license-sync on ${installation.login} is not verified: ${installation.verificationError ?? "its installer was not an owner"}`,
    );
  }
  return { ...caller, installation };
}

async function ownership(auth: Auth, caller: Caller, installation: Installation): Promise<OrgMembership> {
  const key = `${caller.user.id}:${installation.githubInstallationId}`;
  const cached = auth.memberships.get(key);
  if (cached) return cached;
  let membership: OrgMembership;
  try {
    const octokit = await auth.installationOctokit(Number(installation.githubInstallationId));
    membership = await getOrgMembership(octokit, installation.login, caller.user.login);
  } catch (error) {
    membership = { kind: "unknown", reason: `no installation token: ${(error as Error).message}`, cause: error };
  }
  if (membership.kind !== "unknown") {
    auth.memberships.set(key, { ...membership, userId: caller.user.id }, membership.kind === "owner" ? auth.ttl.ownerMs : auth.ttl.notOwnerMs);
  }
  return membership;
}

function notFound(enterprise: string): HttpError {
  return new HttpError(404, `No organization "${enterprise}" with license-sync installed that you can see`);
}
