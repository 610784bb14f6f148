import nock from "nock";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { pullCloudPeople } from "../../src/cloud/pull-cloud-people.js";
import { account, graphql, ORG, pagedList, testOctokit } from "./github-stand-in.js";

describe("pullCloudPeople", () => {
  beforeEach(() => nock.disableNetConnect());
  afterEach(() => {
    nock.cleanAll();
    nock.enableNetConnect();
  });

  it("joins people, their emails and the identities, and lists what was missing", async () => {
    pagedList(`/orgs/${ORG}/members`, { role: "admin" }, [[account("Boss", 1)]]);
    pagedList(`/orgs/${ORG}/members`, { role: "member" }, [[account("ana-gh", 2)]]);
    pagedList(`/orgs/${ORG}/members`, { filter: "2fa_disabled" }, [[account("ana-gh", 2)]]);
    pagedList(`/orgs/${ORG}/outside_collaborators`, {}, [[]]);
    pagedList(`/orgs/${ORG}/invitations`, {}, [[{ id: 9, login: null, email: "new@corp.example", role: "direct_member" }]]);
    const calls = graphql((call) => {
      if (call.query.includes("samlIdentityProvider")) return { data: { organization: { samlIdentityProvider: null } } };
      return {
        data: {
          u0: { login: "Boss", databaseId: 1, name: "The Boss", email: "boss@home.example", organizationVerifiedDomainEmails: ["boss@corp.example"] },
          u1: { login: "ana-gh", databaseId: 2, name: null, email: "", organizationVerifiedDomainEmails: [] },
        },
      };
    }, 2);

    const pull = await pullCloudPeople(testOctokit(), ORG);
    expect(calls).toHaveLength(2);
    expect(pull.limitations).toEqual({ saml: "SAML single sign-on is not enabled for the organization" });
    expect(pull.identities).toEqual([]);
    expect(pull.people).toEqual([
      { login: "Boss", githubId: 1, name: "The Boss", role: "owner", publicEmail: "boss@home.example", verifiedDomainEmails: ["boss@corp.example"], invitationEmail: null, twoFactor: true },
      { login: "ana-gh", githubId: 2, name: null, role: "member", publicEmail: null, verifiedDomainEmails: [], invitationEmail: null, twoFactor: false },
      { login: null, githubId: null, name: null, role: "pending_invitation", publicEmail: null, verifiedDomainEmails: [], invitationEmail: "new@corp.example", twoFactor: null },
    ]);
  });
});
