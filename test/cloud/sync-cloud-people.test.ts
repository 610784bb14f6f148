import nock from "nock";
import { afterEach, beforeEach, expect, it } from "vitest";
import { syncCloudPeople } from "../../src/cloud/sync-cloud-people.js";
import { describeEachDatabase } from "../support/test-database.js";
import { seedInstallation } from "../sync/seed-rows.js";
import { account, API, graphql, ORG, pagedList, testOctokit } from "./github-stand-in.js";

describeEachDatabase("syncCloudPeople", (db) => {
  beforeEach(() => nock.disableNetConnect());
  afterEach(() => {
    nock.cleanAll();
    nock.enableNetConnect();
  });

  function githubAnswers(members: Array<[string, number]>) {
    pagedList(`/orgs/${ORG}/members`, { role: "admin" }, [[]]);
    pagedList(`/orgs/${ORG}/members`, { role: "member" }, [members.map(([login, id]) => account(login, id))]);
    pagedList(`/orgs/${ORG}/members`, { filter: "2fa_disabled" }, [[]]);
    pagedList(`/orgs/${ORG}/outside_collaborators`, {}, [[]]);
    pagedList(`/orgs/${ORG}/invitations`, {}, [[]]);
    graphql((call) =>
      call.query.includes("samlIdentityProvider")
        ? { data: { organization: { samlIdentityProvider: null } } }
        : { data: Object.fromEntries(members.map(([login, id], i) => [`u${i}`, { login, databaseId: id, name: null, email: "", organizationVerifiedDomainEmails: [] }])) },
      2,
    );
  }

  it("stores what GitHub shows, and keeps it when a later pull fails", async () => {
    const installationId = await seedInstallation(db().prisma);
    githubAnswers([["mona", 1], ["hubot", 2]]);
    const result = await syncCloudPeople(db(), testOctokit(), installationId, ORG);
    expect(result).toMatchObject({ people: 2, identities: 0, limitations: { saml: "SAML single sign-on is not enabled for the organization" } });

    nock(API).get(`/orgs/${ORG}/members`).query(true).reply(500, { message: "Server Error" });
    await expect(syncCloudPeople(db(), testOctokit(), installationId, ORG)).rejects.toMatchObject({ status: 500 });

    const installation = await db().prisma.installation.findUniqueOrThrow({ where: { id: installationId } });
    expect(installation.currentCloudSnapshotId).toBe(result.snapshotId);
    expect((await db().prisma.cloudMember.findMany({ orderBy: { id: "asc" } })).map((m) => m.login)).toEqual(["mona", "hubot"]);
  });
});
