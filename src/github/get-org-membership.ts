// Is this person an active owner of the organization? GitHub answers through the organization
// membership API (`role: "admin"` is an owner; `state: "pending"` has not accepted yet).
import type { ProbotOctokit } from "probot";

export type OrgMembership =
  | { kind: "owner" }
  | { kind: "not-owner"; reason: string; role?: string; state?: string }
  /** GitHub could not be asked (network, 5xx, rate limit): the answer is unknown, not "no". */
  | { kind: "unknown"; reason: string; /** GitHub's error, kept so a rate limit's retry time is not lost */ cause: unknown };

type Octokit = InstanceType<typeof ProbotOctokit>;

export async function getOrgMembership(octokit: Octokit, org: string, username: string): Promise<OrgMembership> {
  try {
    const { data } = await octokit.request("GET /orgs/{org}/memberships/{username}", { org, username });
    if (data.role === "admin" && data.state === "active") return { kind: "owner" };
    if (data.state !== "active") {
      return { kind: "not-owner", reason: `${username}'s membership of ${org} is ${data.state}`, role: data.role, state: data.state };
    }
    return {
      kind: "not-owner",
      reason: `${username} is ${data.role === "billing_manager" ? "a billing manager" : `a ${data.role}`} of ${org}, not an owner`,
      role: data.role,
      state: data.state,
    };
  } catch (error) {
    const status = (error as { status?: number }).status;
    if (status === 404) return { kind: "not-owner", reason: `${username} is not a member of ${org}` };
    if (status === 403 && !isRateLimited(error)) {
      return { kind: "unknown", reason: `GitHub refused to show ${username}'s membership of ${org} (403)`, cause: error };
    }
    return { kind: "unknown", reason: `could not check ${username}'s membership of ${org}: ${describeError(error)}`, cause: error };
  }
}

function isRateLimited(error: unknown): boolean {
  const headers = (error as { response?: { headers?: Record<string, string> } }).response?.headers ?? {};
  return headers["x-ratelimit-remaining"] === "0" || headers["retry-after"] !== undefined;
}

export function describeError(error: unknown): string {
  const status = (error as { status?: number }).status;
  const message = error instanceof Error ? error.message : String(error);
  return status ? `HTTP ${status}: ${message}` : message;
}
