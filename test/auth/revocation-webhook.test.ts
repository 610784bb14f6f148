// `github_app_authorization.revoked`: the user who revoked the app is signed out everywhere at once.
import nock from "nock";
import { expect, it } from "vitest";
import { describeEachDatabase } from "../support/test-database.js";
import { PEOPLE, signIn, useTestApp } from "../http/api/serve-test-app.js";
import payload from "../fixtures/github_app_authorization/revoked.json" with { type: "json" };

describeEachDatabase("revocation webhook", (db) => {
  const app = useTestApp(db);

  it("ends a user's sessions when they revoke the app", async () => {
    const owner = await signIn(app, PEOPLE.owner);
    const member = await signIn(app, PEOPLE.member);
    expect(payload.sender.id).toBe(PEOPLE.owner.id);
    await app.probot.receive({ id: "revoked-delivery-1", name: "github_app_authorization", payload } as never);
    expect((await fetch(`${app.baseUrl}/license-sync/auth/session`, { headers: { cookie: owner.cookie } })).status).toBe(401);
    expect((await fetch(`${app.baseUrl}/license-sync/auth/session`, { headers: { cookie: member.cookie } })).status).toBe(200);
    expect(app.logLines.join("\n")).toContain("octo-owner revoked the app: 1 session(s) ended");
  });

  it("forgets the revoked user's cached token, so a bearer token is asked of GitHub again", async () => {
    const api = "https://api.github.com";
    await db().prisma.installation.create({
      data: { githubInstallationId: 957387n, accountId: 38302899n, login: "acme-corp", accountType: "Organization", verification: "verified" },
    });
    const headers = { authorization: `Bearer ${PEOPLE.owner.token}` };
    expect((await fetch(`${app.baseUrl}/api/enterprises/acme-corp/servers`, { headers })).status).toBe(200);
    await app.probot.receive({ id: "revoked-delivery-2", name: "github_app_authorization", payload } as never);
    // GitHub now rejects the revoked token; a cached answer would still let it in.
    nock.cleanAll();
    nock(api).get("/user").reply(401, { message: "Bad credentials" });
    expect((await fetch(`${app.baseUrl}/api/enterprises/acme-corp/servers`, { headers })).status).toBe(401);
  });
});
