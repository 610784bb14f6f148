// Calls to GitHub's API are counted by status, and the rate limit GitHub reports is kept per
// installation: through the whole app, for the clients Probot makes for an API caller's owner
// check (app.auth(id)) and for a webhook event, with GitHub stood in by nock.
import nock from "nock";
import { afterAll, afterEach, beforeAll, beforeEach, expect, it } from "vitest";
import { describeEachDatabase } from "../support/test-database.js";
import { bearer, GITHUB_API, INSTALLATION_ID, ORG, PEOPLE, seedInstallation, serveTestApp, type Person, type TestApp } from "../http/api/serve-test-app.js";
import { mockSettingsFile } from "../github/github-nock.js";
import { deliveryId, fixture } from "../webhooks/deliver.js";
import { postWebhook } from "../webhooks/webhook-server.js";
import { sample } from "./sample.js";

const TOKEN = "metrics-token-0123456789abcdef";
const limits = (remaining: number, resource = "core") => ({ "x-ratelimit-limit": "5000", "x-ratelimit-remaining": String(remaining), "x-ratelimit-resource": resource });

describeEachDatabase("GitHub API calls in the metrics", (db) => {
  let app: TestApp;
  beforeAll(async () => {
    app = await serveTestApp(db(), { METRICS_TOKEN: TOKEN }, { engine: false });
  });
  afterAll(async () => app.close());
  beforeEach(() => {
    nock.disableNetConnect();
    nock.enableNetConnect(/^127\.0\.0\.1/);
    const api = nock(GITHUB_API).persist();
    api.get("/user").reply(function () {
      const person = Object.values(PEOPLE).find((p) => this.req.headers.authorization === `Bearer ${p.token}`);
      return person ? [200, { login: person.login, id: person.id }] : [401, { message: "Bad credentials" }];
    });
    api.post(`/app/installations/${INSTALLATION_ID}/access_tokens`).reply(201, { token: "ghs_installation000000000000000000000001", expires_at: "2099-01-01T00:00:00Z" });
  });
  afterEach(() => nock.cleanAll());

  const scrape = async () => {
    const response = await fetch(`${app.baseUrl}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(response.status).toBe(200);
    return response.text();
  };
  const calls = (text: string, status: string) => sample(text, "license_sync_api_calls_total", { api: "github", status }) ?? 0;
  const servers = (person: Person) => fetch(`${app.baseUrl}/api/enterprises/${ORG}/servers`, { headers: bearer(person) });

  it("counts an owner check's calls by status and keeps the installation's rate limit", async () => {
    await seedInstallation(db());
    const before = await scrape();
    nock(GITHUB_API).get(`/orgs/${ORG}/memberships/${PEOPLE.owner.login}`).reply(200, { state: "active", role: "admin", user: { login: PEOPLE.owner.login } }, limits(4321));
    nock(GITHUB_API).get(`/orgs/${ORG}/memberships/${PEOPLE.otherOwner.login}`).reply(404, { message: "Not Found" }, limits(4320));
    nock(GITHUB_API).get(`/orgs/${ORG}/memberships/${PEOPLE.member.login}`).replyWithError({ code: "ECONNRESET", message: "socket hang up" });

    expect((await servers(PEOPLE.owner)).status).toBe(200);
    let text = await scrape();
    expect(calls(text, "200") - calls(before, "200")).toBe(1);
    expect(sample(text, "license_sync_github_rate_limit_remaining", { installation: String(INSTALLATION_ID), resource: "core" })).toBe(4321);
    expect(sample(text, "license_sync_github_rate_limit_limit", { installation: String(INSTALLATION_ID), resource: "core" })).toBe(5000);

    expect((await servers(PEOPLE.otherOwner)).status).toBe(404);
    expect((await servers(PEOPLE.member)).status).toBeGreaterThanOrEqual(500);
    text = await scrape();
    expect(calls(text, "404") - calls(before, "404")).toBe(1);
    expect(calls(text, "error") - calls(before, "error")).toBe(1);
    // The latest answer wins; an answer without headers (no answer at all) changes nothing.
    expect(sample(text, "license_sync_github_rate_limit_remaining", { installation: String(INSTALLATION_ID), resource: "core" })).toBe(4320);
    expect(nock.pendingMocks().filter((m) => m.includes("memberships"))).toEqual([]);
  });

  it("counts the calls of a webhook event's client under the event's installation", async () => {
    await seedInstallation(db());
    const before = await scrape();
    const push = fixture("push", "settings-changed");
    mockSettingsFile(ORG, "seats: 10\n", push.after as string);
    nock(GITHUB_API).post(`/repos/${ORG}/.github/check-runs`).reply(201, { id: 1 }, limits(99, "core"));
    const delivered = await postWebhook(`${app.baseUrl}/api/github/webhooks`, { event: "push", id: deliveryId(), body: JSON.stringify(push) });
    expect(delivered.status).toBe(200);
    const text = await scrape();
    // The settings file (200) and the check run (201), besides the installation token (201).
    expect(calls(text, "200") - calls(before, "200")).toBe(1);
    expect(calls(text, "201") - calls(before, "201")).toBeGreaterThanOrEqual(1);
    expect(sample(text, "license_sync_github_rate_limit_remaining", { installation: String(push.installation.id), resource: "core" })).toBe(99);
  });
});
