import nock from "nock";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { getOrgMembership } from "../../src/github/get-org-membership.js";
import { GITHUB_API, installationOctokit, isolateNetwork, mockMembership, restoreNetwork } from "./github-nock.js";

describe("getOrgMembership", () => {
  beforeEach(isolateNetwork);
  afterEach(() => {
    expect(nock.pendingMocks()).toEqual([]);
    restoreNetwork();
  });

  it("says owner for an active admin", async () => {
    mockMembership("acme-corp", "octo-owner", { role: "admin", state: "active" });
    expect(await getOrgMembership(installationOctokit(), "acme-corp", "octo-owner")).toEqual({ kind: "owner" });
  });

  it("says not-owner for a member, naming the role", async () => {
    mockMembership("acme-corp", "mona", { role: "member", state: "active" });
    expect(await getOrgMembership(installationOctokit(), "acme-corp", "mona")).toMatchObject({
      kind: "not-owner",
      role: "member",
      reason: "mona is a member of acme-corp, not an owner",
    });
  });

  it("says not-owner for a billing manager", async () => {
    mockMembership("acme-corp", "bill", { role: "billing_manager", state: "active" });
    expect(await getOrgMembership(installationOctokit(), "acme-corp", "bill")).toMatchObject({
      kind: "not-owner",
      reason: "bill is a billing manager of acme-corp, not an owner",
    });
  });

  it("says not-owner for an owner who has not accepted the invitation", async () => {
    mockMembership("acme-corp", "newcomer", { role: "admin", state: "pending" });
    expect(await getOrgMembership(installationOctokit(), "acme-corp", "newcomer")).toMatchObject({
      kind: "not-owner",
      state: "pending",
      reason: "newcomer's membership of acme-corp is pending",
    });
  });

  it("says not-owner for someone who is not a member (404)", async () => {
    mockMembership("acme-corp", "stranger", { status: 404, message: "Not Found" });
    expect(await getOrgMembership(installationOctokit(), "acme-corp", "stranger")).toEqual({
      kind: "not-owner",
      reason: "stranger is not a member of acme-corp",
    });
  });

  it("says unknown, not no, when GitHub fails (5xx)", async () => {
    mockMembership("acme-corp", "octo-owner", { status: 502, message: "Bad Gateway" });
    const answer = await getOrgMembership(installationOctokit(), "acme-corp", "octo-owner");
    expect(answer.kind).toBe("unknown");
    expect(answer).toMatchObject({ reason: expect.stringContaining("HTTP 502") });
  });

  it("says unknown when rate limited (403 with no remaining requests)", async () => {
    nock(GITHUB_API)
      .get("/orgs/acme-corp/memberships/octo-owner")
      .reply(403, { message: "API rate limit exceeded" }, { "x-ratelimit-remaining": "0", "x-ratelimit-reset": "4102444800" });
    expect((await getOrgMembership(installationOctokit(), "acme-corp", "octo-owner")).kind).toBe("unknown");
  });

  it("says unknown when the network fails", async () => {
    nock(GITHUB_API).get("/orgs/acme-corp/memberships/octo-owner").replyWithError("socket hang up");
    const answer = await getOrgMembership(installationOctokit(), "acme-corp", "octo-owner");
    expect(answer).toMatchObject({ kind: "unknown", reason: expect.stringContaining("socket hang up") });
  });

  it("keeps the installation token out of its reasons", async () => {
    mockMembership("acme-corp", "octo-owner", { status: 500 });
    const answer = await getOrgMembership(installationOctokit(), "acme-corp", "octo-owner");
    expect(JSON.stringify(answer)).not.toContain("ghs_");
  });
});
