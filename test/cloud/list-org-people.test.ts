import nock from "nock";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { listOrgPeople } from "../../src/cloud/list-org-people.js";
import { account, API, ORG, pagedList, testOctokit } from "./github-stand-in.js";

describe("listOrgPeople", () => {
  beforeEach(() => nock.disableNetConnect());
  afterEach(() => {
    nock.cleanAll();
    nock.enableNetConnect();
  });

  it("reads owners, members (over several pages), outside collaborators and invitations", async () => {
    pagedList(`/orgs/${ORG}/members`, { role: "admin" }, [[account("Boss", 1)]]);
    pagedList(`/orgs/${ORG}/members`, { role: "member" }, [[account("m1", 2), account("m2", 3)], [account("m3", 4)]]);
    pagedList(`/orgs/${ORG}/members`, { filter: "2fa_disabled" }, [[account("m2", 3)]]);
    pagedList(`/orgs/${ORG}/outside_collaborators`, {}, [[account("contractor", 5), account("M1", 2)]]);
    pagedList(`/orgs/${ORG}/invitations`, {}, [
      [
        { id: 10, login: "newbie", email: null, role: "direct_member" },
        { id: 11, login: null, email: "Someone@Corp.Example", role: "direct_member" },
        { id: 12, login: "money", email: null, role: "billing_manager" },
        { id: 13, login: "contractor", email: null, role: "direct_member" },
      ],
    ]);

    const { people, limitations } = await listOrgPeople(testOctokit(), ORG);
    expect(limitations).toEqual({});
    expect(people.map((p) => [p.login, p.role, p.githubId, p.invitationEmail, p.twoFactor])).toEqual([
      ["Boss", "owner", 1, null, true],
      ["m1", "member", 2, null, true],
      ["m2", "member", 3, null, false],
      ["m3", "member", 4, null, true],
      ["contractor", "outside_collaborator", 5, null, null],
      ["newbie", "pending_invitation", null, null, null],
      [null, "pending_invitation", null, "Someone@Corp.Example", null],
    ]);
    expect(nock.isDone()).toBe(true);
  });

  it("carries on without outside collaborators or invitations GitHub will not show, and says so", async () => {
    pagedList(`/orgs/${ORG}/members`, { role: "admin" }, [[account("boss", 1)]]);
    pagedList(`/orgs/${ORG}/members`, { role: "member" }, [[]]);
    nock(API).get(`/orgs/${ORG}/members`).query({ filter: "2fa_disabled", per_page: "100" }).reply(422, { message: "Only owners can use this filter." });
    nock(API).get(`/orgs/${ORG}/outside_collaborators`).query(true).reply(403, { message: "Resource not accessible by integration" });
    nock(API).get(`/orgs/${ORG}/invitations`).query(true).reply(404, { message: "Not Found" });

    const { people, limitations } = await listOrgPeople(testOctokit(), ORG);
    expect(people.map((p) => [p.login, p.twoFactor])).toEqual([["boss", null]]);
    expect(limitations.two_factor).toMatch(/without two-factor authentication \(HTTP 422: Only owners can use this filter/);
    expect(limitations.outside_collaborators).toMatch(/refused the outside collaborators list \(HTTP 403: Resource not accessible by integration/);
    expect(limitations.pending_invitations).toMatch(/HTTP 404/);
  });

  it("fails when the member list cannot be read, or on a server error", async () => {
    nock(API).get(`/orgs/${ORG}/members`).query(true).reply(403, { message: "Resource not accessible by integration" });
    await expect(listOrgPeople(testOctokit(), ORG)).rejects.toMatchObject({ status: 403 });

    pagedList(`/orgs/${ORG}/members`, { role: "admin" }, [[account("boss", 1)]]);
    pagedList(`/orgs/${ORG}/members`, { role: "member" }, [[]]);
    pagedList(`/orgs/${ORG}/members`, { filter: "2fa_disabled" }, [[]]);
    nock(API).get(`/orgs/${ORG}/outside_collaborators`).query(true).reply(502, { message: "Bad gateway" });
    await expect(listOrgPeople(testOctokit(), ORG)).rejects.toMatchObject({ status: 502 });
  });

  it("refuses a member list that is not what GitHub documents", async () => {
    pagedList(`/orgs/${ORG}/members`, { role: "admin" }, [[{ login: 42 }]]);
    await expect(listOrgPeople(testOctokit(), ORG)).rejects.toThrow(/admin members list is not as expected at 0.login/);
  });
});
