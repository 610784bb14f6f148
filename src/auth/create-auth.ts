// What authentication needs at run time, made once per app: GitHub access (the user's token for
// `GET /user`, the installation's Octokit for ownership), the caches and the session-signing key.
import type { ProbotOctokit } from "probot";
import type { AppDependencies } from "../app.js";
import type { OrgMembership } from "../github/get-org-membership.js";
import type { GitHubUser } from "./fetch-github-user.js";
import { loadSessionKey } from "./session-key.js";
import { TtlCache } from "./ttl-cache.js";

export type InstallationOctokit = InstanceType<typeof ProbotOctokit>;

export type Auth = {
  deps: AppDependencies;
  /** an Octokit authenticated as the installation (Probot's `app.auth(id)`) */
  installationOctokit(githubInstallationId: number): Promise<InstallationOctokit>;
  fetch: typeof fetch;
  /** hash of a user token → who it is */
  users: TtlCache<GitHubUser>;
  /** "githubUserId:githubInstallationId" → the membership GitHub reported */
  memberships: TtlCache<OrgMembership & { userId: number }>;
  ttl: { userMs: number; ownerMs: number; notOwnerMs: number; sessionMs: number };
  /** HMAC key for cookies, kept sealed in app_meta so every replica shares it */
  sessionKey(): Promise<Buffer>;
};

export type AuthOptions = Partial<Auth["ttl"]> & { fetch?: typeof fetch };

export function createAuth(
  deps: AppDependencies,
  github: { auth(installationId: number): Promise<unknown> },
  options: AuthOptions = {},
): Auth {
  let key: Promise<Buffer> | undefined;
  return {
    deps,
    installationOctokit: async (id) => (await github.auth(id)) as InstallationOctokit,
    fetch: options.fetch ?? ((input, init) => fetch(input, init)),
    users: new TtlCache(deps.now),
    memberships: new TtlCache(deps.now),
    ttl: {
      userMs: options.userMs ?? 5 * 60_000,
      ownerMs: options.ownerMs ?? 5 * 60_000,
      notOwnerMs: options.notOwnerMs ?? 60_000,
      sessionMs: options.sessionMs ?? 8 * 60 * 60_000,
    },
    sessionKey: () => {
      key ??= loadSessionKey(deps.db.sql, deps.box).catch((error: unknown) => {
        key = undefined;
        throw error;
      });
      return key;
    },
  };
}
