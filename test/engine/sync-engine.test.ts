// The whole pipeline, as an owner sees it: "Sync now" over HTTP → the job pulls the stand-in GHES
// (after re-checking the registrant with GitHub) → the recount → consumed licenses over HTTP.
import nock from "nock";
import { afterEach, beforeEach, expect, it } from "vitest";
import { GHES_TOKEN_PURPOSE } from "../../src/ghes/ghes-token.js";
import { bearer, GITHUB_API, ORG, PEOPLE, seedInstallation, serveTestApp, standInGitHub, type TestApp } from "../http/api/serve-test-app.js";
import { startGhesStandIn, type GhesStandIn } from "../support/ghes-stand-in.js";
import { FAST_JOB_SETTINGS } from "../support/job-fixtures.js";
import { describeEachDatabase } from "../support/test-database.js";
import { waitFor } from "../support/wait-for.js";

const TOKEN = "ghp_engineSiteAdmin000000000000000000001";
const REPORT = [
  "created_at,id,login,email,role,suspended?,dormant?",
  "2020-01-01 00:00:00 UTC,1,ada,ADA@example.com,user,false,false",
  "2020-01-01 00:00:00 UTC,2,bob,bob@example.com,user,false,true",
  "2020-01-01 00:00:00 UTC,3,sus,sus@example.com,user,true,false",
  "2020-01-01 00:00:00 UTC,4,scim-admin,,admin,false,false",
].join("\n");

describeEachDatabase("sync engine end to end", (db) => {
  let app: TestApp;
  let ghes: GhesStandIn;
  beforeEach(async () => {
    standInGitHub();
    ghes = await startGhesStandIn({ accounts: { [TOKEN]: { login: "site-admin", siteAdmin: true, scopes: ["site_admin"] } }, report: REPORT, reportPendingTimes: 1 });
    app = await serveTestApp(db(), {}, { engine: { work: true, jobSettings: FAST_JOB_SETTINGS } });
  });
  afterEach(async () => {
    await app.close();
    await ghes.close();
    nock.cleanAll();
  });

  async function seedServer(registeredBy = PEOPLE.owner.login) {
    const installation = await seedInstallation(db());
    return db().prisma.ghesServer.create({
      data: {
        installationId: installation.id,
        hostname: "ghes.example.com",
        apiUrl: ghes.apiUrl,
        licenseSync: "enabled",
        tokenSealed: app.deps.box.seal(TOKEN, GHES_TOKEN_PURPOSE),
        tokenLogin: "site-admin",
        registeredBy,
      },
    });
  }
  const url = (path: string) => `${app.baseUrl}/api/enterprises/${ORG}${path}`;
  const runOf = (id: string) => db().prisma.syncRun.findUniqueOrThrow({ where: { id } });

  it("Sync now pulls the server and the count follows: dormant users count, suspended and scim-admin do not", async () => {
    const server = await seedServer();
    const queued = (await (await fetch(url(`/servers/${server.id}/sync`), { method: "POST", headers: bearer(PEOPLE.owner) })).json()) as { id: string };
    const run = await waitFor(async () => {
      const r = await runOf(queued.id);
      return r.status !== "queued" && r.status !== "running" && r;
    });
    expect(run).toMatchObject({ status: "success", usersSeen: 4, error: null });

    const page = await waitFor(async () => {
      const body = (await (await fetch(url("/consumed-licenses"), { headers: bearer(PEOPLE.owner) })).json()) as { total_seats_consumed: number; total_seats_purchased: number; users: Array<{ enterprise_server_user_ids: string[] }> };
      return body.total_seats_consumed > 0 && body;
    });
    expect(page.total_seats_consumed).toBe(2);
    expect(page.total_seats_purchased).toBe(500);
    expect(page.users.flatMap((u) => u.enterprise_server_user_ids).sort()).toEqual(["ghes.example.com:1", "ghes.example.com:2"]);
    const status = (await (await fetch(url("/license-sync-status"), { headers: bearer(PEOPLE.owner) })).json()) as { server_instances: unknown[] };
    expect(status.server_instances).toEqual([{ server_id: server.id, hostname: "ghes.example.com", last_sync: { date: expect.any(String), status: "success", error: "" } }]);
    expect(app.logLines.join("\n")).not.toContain(TOKEN);
  });

  it("pauses instead of pulling when the registrant is no longer an owner", async () => {
    const server = await seedServer(PEOPLE.member.login);
    const queued = (await (await fetch(url(`/servers/${server.id}/sync`), { method: "POST", headers: bearer(PEOPLE.owner) })).json()) as { id: string };
    const run = await waitFor(async () => {
      const r = await runOf(queued.id);
      return r.status === "failed" && r;
    });
    expect(run.error).toMatch(/registrant is no longer an owner/);
    expect((await db().prisma.ghesServer.findUniqueOrThrow({ where: { id: server.id } })).pausedReason).toBe("registrant is no longer an owner");
    expect(ghes.requests.filter((r) => r.path.startsWith("/stafftools"))).toEqual([]);
  });

  it("a rate limit on the registrant check keeps GitHub's retry time and pauses nothing", async () => {
    const server = await seedServer(PEOPLE.owner.login);
    const reset = Math.floor(Date.now() / 1000) + 1200;
    // Ahead of the stand-in's membership answers: the API's check of the caller passes, then the
    // owner re-check before the sync is rate limited.
    nock.cleanAll();
    const membership = `/orgs/${ORG}/memberships/${PEOPLE.owner.login}`;
    nock(GITHUB_API).get(membership).reply(200, { state: "active", role: "admin", user: { login: PEOPLE.owner.login, id: PEOPLE.owner.id } });
    nock(GITHUB_API)
      .get(membership)
      .reply(403, { message: "API rate limit exceeded" }, { "x-ratelimit-remaining": "0", "x-ratelimit-reset": String(reset) });
    standInGitHub();
    const queued = (await (await fetch(url(`/servers/${server.id}/sync`), { method: "POST", headers: bearer(PEOPLE.owner) })).json()) as { id: string };
    const run = await waitFor(async () => {
      const r = await runOf(queued.id);
      return r.status === "failed" && r;
    });
    const resetAt = new Date(reset * 1000);
    expect(run.error).toContain(`could not confirm that ${PEOPLE.owner.login} still owns ${ORG}`);
    expect(run.error).toContain(`retrying at ${resetAt.toISOString()} (x-ratelimit-reset)`);
    expect(run.nextRetryAt).toEqual(resetAt);
    expect((await db().prisma.ghesServer.findUniqueOrThrow({ where: { id: server.id } })).pausedReason).toBeNull();
    expect(ghes.requests.filter((r) => r.path.startsWith("/stafftools"))).toEqual([]);
  });
});
