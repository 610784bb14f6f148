// GitHub stood in by nock: only 127.0.0.1 may be reached otherwise. Helpers for the replies the
// installation and settings code asks for.
import nock from "nock";
import { TestOctokit } from "../support/test-app.js";

export const GITHUB_API = "https://api.github.com";
export const INSTALLATION_TOKEN = "ghs_installationTokenForTests0123456789";

export function isolateNetwork(): void {
  nock.disableNetConnect();
  nock.enableNetConnect("127.0.0.1");
}

export function restoreNetwork(): void {
  nock.cleanAll();
  nock.enableNetConnect();
}

/** An Octokit as Probot gives a handler, authenticated as an installation, without retries. */
export function installationOctokit(): InstanceType<typeof TestOctokit> {
  return new TestOctokit({ auth: { token: INSTALLATION_TOKEN } });
}

/** Probot asks for an installation token before the first API call of a handler. */
export function mockInstallationToken(installationId: number): nock.Scope {
  return nock(GITHUB_API)
    .post(`/app/installations/${installationId}/access_tokens`)
    .reply(201, {
      token: INSTALLATION_TOKEN,
      expires_at: "2099-01-01T00:00:00Z",
      permissions: { members: "read", metadata: "read", contents: "read", issues: "write", checks: "write" },
      repository_selection: "all",
    });
}

export type MembershipReply = { role: "admin" | "member" | "billing_manager"; state: "active" | "pending" } | { status: number; message?: string };

export function mockMembership(org: string, username: string, reply: MembershipReply): nock.Scope {
  const scope = nock(GITHUB_API).get(`/orgs/${org}/memberships/${username}`);
  if ("status" in reply) return scope.reply(reply.status, { message: reply.message ?? "error" });
  return scope.reply(200, {
    url: `${GITHUB_API}/orgs/${org}/memberships/${username}`,
    state: reply.state,
    role: reply.role,
    organization_url: `${GITHUB_API}/orgs/${org}`,
    organization: { login: org, id: 38302899 },
    user: { login: username, id: 1 },
  });
}

const SETTINGS_CONTENTS = /^\/repos\/([^/]+)\/\.github\/contents\/\.github(%2F|\/)license-sync\.yml(\?.*)?$/;

/** The settings file as the contents API gives it raw; `null` answers 404 (no file). */
export function mockSettingsFile(org: string, yaml: string | null, ref?: string): nock.Scope {
  const scope = nock(GITHUB_API).get((path) => {
    const match = SETTINGS_CONTENTS.exec(path);
    if (!match || match[1] !== org) return false;
    return ref === undefined ? !path.includes("ref=") : path.includes(`ref=${ref}`);
  });
  return yaml === null
    ? scope.reply(404, { message: "Not Found" })
    : scope.reply(200, yaml, { "content-type": "application/vnd.github.raw; charset=utf-8" });
}
