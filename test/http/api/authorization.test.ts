// Every server route × every kind of caller: only an active owner of the organization gets through.
// Documented order (src/auth/require-owner.ts): 401 unauthenticated; 404 for an organization
// without the app AND for callers who are not members of it at all (so strangers cannot learn
// where the app is installed); 403 for members, billing managers and pending members.
import nock from "nock";
import { afterAll, afterEach, beforeAll, beforeEach, expect, it } from "vitest";
import { describeEachDatabase } from "../../support/test-database.js";
import { BAD_TOKEN, bearer, GITHUB_API, ORG, PEOPLE, seedInstallation, serveTestApp, signIn, standInGitHub, type Person, type TestApp } from "./serve-test-app.js";

type Route = { name: string; method: string; path: (serverId: string) => string; body?: unknown; csv?: string; ok: number };

const routes: Route[] = [
  { name: "GET servers", method: "GET", path: () => `/api/enterprises/${ORG}/servers`, ok: 200 },
  { name: "POST servers", method: "POST", path: () => `/api/enterprises/${ORG}/servers`, body: { hostname: "ghes-new.example.com" }, ok: 201 },
  { name: "PATCH server", method: "PATCH", path: (id) => `/api/enterprises/${ORG}/servers/${id}`, body: { license_sync: "disabled" }, ok: 200 },
  { name: "DELETE server", method: "DELETE", path: (id) => `/api/enterprises/${ORG}/servers/${id}`, ok: 204 },
  { name: "GET consumed-licenses", method: "GET", path: () => `/api/enterprises/${ORG}/consumed-licenses`, ok: 200 },
  { name: "GET consumed-licenses.csv", method: "GET", path: () => `/api/enterprises/${ORG}/consumed-licenses.csv`, ok: 200 },
  { name: "GET license-sync-status", method: "GET", path: () => `/api/enterprises/${ORG}/license-sync-status`, ok: 200 },
  { name: "GET usage-history", method: "GET", path: () => `/api/enterprises/${ORG}/usage-history`, ok: 200 },
  { name: "GET sync-runs", method: "GET", path: (id) => `/api/enterprises/${ORG}/sync-runs?server_id=${id}`, ok: 200 },
  // The seeded server's license sync is disabled: past authorization, Sync now is refused as a conflict.
  { name: "POST sync", method: "POST", path: (id) => `/api/enterprises/${ORG}/servers/${id}/sync`, ok: 409 },
  { name: "POST usage-uploads", method: "POST", path: (id) => `/api/enterprises/${ORG}/servers/${id}/usage-uploads`, csv: "id,login,email,role,suspended?\n", ok: 202 },
  { name: "GET usage-uploads", method: "GET", path: (id) => `/api/enterprises/${ORG}/servers/${id}/usage-uploads`, ok: 200 },
  { name: "PUT identity-mappings", method: "PUT", path: () => `/api/enterprises/${ORG}/identity-mappings`, csv: "enterprise_server_login_or_email,github_com_login\n", ok: 200 },
  { name: "GET identity-mappings", method: "GET", path: () => `/api/enterprises/${ORG}/identity-mappings`, ok: 200 },
  { name: "GET audit-log", method: "GET", path: () => `/api/enterprises/${ORG}/audit-log`, ok: 200 },
];

const callers: Array<{ name: string; headers: Record<string, string>; status: number | "ok"; message?: string }> = [
  { name: "no auth", headers: {}, status: 401, message: "Sign in with GitHub" },
  { name: "bad token", headers: bearer(BAD_TOKEN), status: 401, message: "GitHub did not accept the token" },
  { name: "malformed Authorization", headers: { authorization: "Basic Zm9vOmJhcg==" }, status: 401, message: "Bearer" },
  { name: "member", headers: bearer(PEOPLE.member), status: 403, message: "mona-member is a member of acme-corp, not an owner" },
  { name: "billing manager", headers: bearer(PEOPLE.billing), status: 403, message: "a billing manager" },
  { name: "owner of another org", headers: bearer(PEOPLE.otherOwner), status: 404, message: `No organization "${ORG}"` },
  { name: "owner", headers: bearer(PEOPLE.owner), status: "ok" },
];

async function call(app: TestApp, route: Route, serverId: string, headers: Record<string, string>): Promise<Response> {
  return fetch(`${app.baseUrl}${route.path(serverId)}`, {
    method: route.method,
    headers: { ...headers, ...(route.body ? { "content-type": "application/json" } : route.csv !== undefined ? { "content-type": "text/csv" } : {}) },
    body: route.body ? JSON.stringify(route.body) : route.csv,
  });
}

describeEachDatabase("API authorization", (db) => {
  let app: TestApp;
  beforeAll(async () => {
    // The engine queues (Sync now) but runs nothing here.
    app = await serveTestApp(db(), {}, { engine: { work: false } });
  });
  afterAll(async () => {
    await app.close();
  });
  beforeEach(() => standInGitHub());
  afterEach(() => nock.cleanAll());

  async function seedServer() {
    const installation = await seedInstallation(db());
    return db().prisma.ghesServer.create({
      data: { installationId: installation.id, hostname: "ghes.example.com", apiUrl: "https://ghes.example.com/api/v3", registeredBy: PEOPLE.owner.login },
    });
  }

  for (const route of routes) {
    for (const caller of callers) {
      const expected = caller.status === "ok" ? route.ok : caller.status;
      it(`${route.name} × ${caller.name} → ${expected}`, async () => {
        const server = await seedServer();
        const response = await call(app, route, server.id, caller.headers);
        expect(response.status).toBe(expected);
        if (caller.status === "ok") return;
        const body = (await response.json()) as { message: string };
        expect(body.message).toContain(caller.message);
        if (expected === 401) expect(response.headers.get("www-authenticate")).toContain("Bearer");
        // A refusal changes nothing.
        const servers = await db().prisma.ghesServer.findMany();
        expect(servers.map((s) => [s.hostname, s.licenseSync])).toEqual([["ghes.example.com", "disabled"]]);
        expect(await db().prisma.syncRun.count()).toBe(0);
        expect(await db().prisma.upload.count()).toBe(0);
      });
    }
  }

  it("answers 404 for an organization without the app, to owners and strangers alike", async () => {
    await seedServer();
    for (const person of [PEOPLE.owner, PEOPLE.otherOwner] as Person[]) {
      const response = await fetch(`${app.baseUrl}/api/enterprises/not-installed/servers`, { headers: bearer(person) });
      expect(response.status).toBe(404);
      expect(await response.json()).toEqual({ message: `No organization "not-installed" with license-sync installed that you can see` });
    }
  });

  it("answers 404 for a name that cannot be a GitHub login, wildcards included", async () => {
    await seedServer();
    for (const name of ["acme%25", "acme_corp", "-acme", "a".repeat(40)]) {
      const response = await fetch(`${app.baseUrl}/api/enterprises/${name}/servers`, { headers: bearer(PEOPLE.owner) });
      expect(response.status).toBe(404);
    }
  });

  it("matches the organization's login case-insensitively", async () => {
    await seedServer();
    const response = await fetch(`${app.baseUrl}/api/enterprises/ACME-Corp/servers`, { headers: bearer(PEOPLE.owner) });
    expect(response.status).toBe(200);
  });

  it("answers 409 with the reason to an owner of an unverified installation, 403 to a member", async () => {
    await seedInstallation(db(), { verification: "unverified", verificationError: "installed by mona-member, who is not an owner" });
    const owner = await fetch(`${app.baseUrl}/api/enterprises/${ORG}/servers`, { headers: bearer(PEOPLE.owner) });
    expect(owner.status).toBe(409);
    expect(((await owner.json()) as { message: string }).message).toContain("installed by mona-member, who is not an owner");
    const member = await fetch(`${app.baseUrl}/api/enterprises/${ORG}/servers`, { headers: bearer(PEOPLE.member) });
    expect(member.status).toBe(403);
  });

  it("answers 409 for a suspended installation", async () => {
    await seedInstallation(db(), { suspendedAt: new Date() });
    const response = await fetch(`${app.baseUrl}/api/enterprises/${ORG}/servers`, { headers: bearer(PEOPLE.owner) });
    expect(response.status).toBe(409);
    expect(((await response.json()) as { message: string }).message).toContain("suspended");
  });

  it("answers 503, not 403, when GitHub cannot say who owns the organization", async () => {
    nock.cleanAll();
    const flaky: Person = { login: "flaky-fred", id: 3001, token: "gho_flaky0000000000000000000000000000005", role: "admin" };
    nock(GITHUB_API).get(`/orgs/${ORG}/memberships/flaky-fred`).reply(502, { message: "Bad gateway" });
    standInGitHub([...Object.values(PEOPLE), flaky]);
    await seedServer();
    const response = await fetch(`${app.baseUrl}/api/enterprises/${ORG}/servers`, { headers: bearer(flaky) });
    expect(response.status).toBe(503);
    expect(response.headers.get("retry-after")).toBe("30");
    // The unknown answer is not cached: once GitHub answers, the owner gets in.
    const again = await fetch(`${app.baseUrl}/api/enterprises/${ORG}/servers`, { headers: bearer(flaky) });
    expect(again.status).toBe(200);
  });

  it("treats a pending owner invitation as not an owner", async () => {
    const pending: Person = { login: "pat-pending", id: 3002, token: "gho_pending00000000000000000000000000006", role: "admin", state: "pending" };
    nock.cleanAll();
    standInGitHub([...Object.values(PEOPLE), pending]);
    await seedServer();
    const response = await fetch(`${app.baseUrl}/api/enterprises/${ORG}/servers`, { headers: bearer(pending) });
    expect(response.status).toBe(403);
  });

  it("accepts the dashboard's session cookie, and requires its CSRF token to change anything", async () => {
    await seedServer();
    const { cookie, csrfToken } = await signIn(app, PEOPLE.owner);
    const list = await fetch(`${app.baseUrl}/api/enterprises/${ORG}/servers`, { headers: { cookie } });
    expect(list.status).toBe(200);

    const post = (headers: Record<string, string>) =>
      fetch(`${app.baseUrl}/api/enterprises/${ORG}/servers`, {
        method: "POST",
        headers: { cookie, "content-type": "application/json", ...headers },
        body: JSON.stringify({ hostname: "ghes-two.example.com" }),
      });
    const forged = await post({});
    expect(forged.status).toBe(403);
    expect(((await forged.json()) as { message: string }).message).toContain("CSRF");
    expect((await post({ "x-csrf-token": "not-the-token" })).status).toBe(403);
    expect(await db().prisma.ghesServer.count()).toBe(1);

    const accepted = await post({ "x-csrf-token": csrfToken });
    expect(accepted.status).toBe(201);
    expect(await accepted.json()).toMatchObject({ hostname: "ghes-two.example.com", registered_by: PEOPLE.owner.login });
  });

  it("a member's session gets 403 like a member's token", async () => {
    await seedServer();
    const { cookie } = await signIn(app, PEOPLE.member);
    const response = await fetch(`${app.baseUrl}/api/enterprises/${ORG}/servers`, { headers: { cookie } });
    expect(response.status).toBe(403);
  });

  it("wrote no user token into any log line", () => {
    const text = app.logLines.join("\n");
    expect(app.logLines.length).toBeGreaterThan(0);
    for (const person of [...Object.values(PEOPLE), { token: BAD_TOKEN }]) expect(text).not.toContain(person.token);
    // Every token seen is registered with the logger's scrubber, should one ever reach a message.
    for (const person of [...Object.values(PEOPLE), { token: BAD_TOKEN }]) expect(app.deps.secrets.scrub(person.token)).toBe("[secret]");
  });
});
