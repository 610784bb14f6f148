// Registering GHES servers through the API against a real local GHES stand-in: each token check,
// each transport failure, the stored form of the token, and input refusals with field paths.
import http from "node:http";
import type { AddressInfo } from "node:net";
import nock from "nock";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { GHES_TOKEN_PURPOSE } from "../../../src/ghes/ghes-token.js";
import { closedPort, selfSignedCertificate, startGhesStandIn, type GhesStandIn } from "../../support/ghes-stand-in.js";
import { describeEachDatabase } from "../../support/test-database.js";
import { bearer, ORG, PEOPLE, seedInstallation, serveTestApp, standInGitHub, type TestApp } from "./serve-test-app.js";

const ADMIN = "ghp_routeadmin00000000000000000000000001";
const NOT_ADMIN = "ghp_routeplain00000000000000000000000002";
const NO_SCOPE = "ghp_routenoscope000000000000000000000003";
const ROTATED = "ghp_routerotated000000000000000000000004";
const UNKNOWN = "ghp_routeunknown000000000000000000000005";
const ALL_TOKENS = [ADMIN, NOT_ADMIN, NO_SCOPE, ROTATED, UNKNOWN];

const SERVERS = `/api/enterprises/${ORG}/servers`;
type Json = Record<string, unknown> & { message?: string; errors?: Array<{ path: string; message: string }> };

describeEachDatabase("server routes", (db) => {
  let app: TestApp;
  let ghes: GhesStandIn;
  const responses: string[] = [];
  beforeAll(async () => {
    app = await serveTestApp(db());
    ghes = await startGhesStandIn({
      version: "3.15.0",
      accounts: {
        [ADMIN]: { login: "ghes-admin", siteAdmin: true, scopes: ["repo", "site_admin"] },
        [NOT_ADMIN]: { login: "ghes-user", siteAdmin: false, scopes: ["site_admin"] },
        [NO_SCOPE]: { login: "ghes-admin", siteAdmin: true, scopes: ["repo"] },
        [ROTATED]: { login: "ghes-admin2", siteAdmin: true, scopes: ["site_admin"] },
      },
    });
  });
  afterAll(async () => {
    await app.close();
    await ghes.close();
  });
  beforeEach(async () => {
    standInGitHub();
    await seedInstallation(db());
  });
  afterEach(() => nock.cleanAll());

  async function request(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<{ status: number; json: Json }> {
    const response = await fetch(`${app.baseUrl}${path}`, {
      method,
      headers: { ...bearer(PEOPLE.owner), ...(body !== undefined ? { "content-type": "application/json" } : {}), ...headers },
      body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
    });
    const text = await response.text();
    responses.push(text);
    return { status: response.status, json: text ? (JSON.parse(text) as Json) : {} };
  }
  const register = (body: unknown) => request("POST", SERVERS, body);

  describe("POST", () => {
    it("registers a site admin's server: verified, stored sealed, shown without the token", async () => {
      const { status, json } = await register({ hostname: "GHES.Example.com", api_url: ghes.apiUrl, token: ADMIN });
      expect(status).toBe(201);
      expect(json).toEqual({
        id: expect.any(String),
        hostname: "ghes.example.com",
        api_url: ghes.apiUrl,
        version: "3.15.0",
        license_sync: "disabled",
        mode: "api",
        registered_by: PEOPLE.owner.login,
        created_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
        last_sync: { date: null, error: "" },
      });
      const row = await db().prisma.ghesServer.findUniqueOrThrow({ where: { id: json.id as string } });
      expect(row.tokenSealed).not.toContain(ADMIN);
      expect(app.deps.box.open(row.tokenSealed!, GHES_TOKEN_PURPOSE)).toBe(ADMIN);
      expect(row.tokenLogin).toBe("ghes-admin");
      const audit = await db().prisma.auditEntry.findMany({ where: { action: "server.registered" } });
      expect(audit).toMatchObject([{ actor: PEOPLE.owner.login, target: "ghes.example.com" }]);
      expect(JSON.stringify(audit.map((a) => a.details))).not.toContain(ADMIN);

      const list = await request("GET", SERVERS);
      expect(list).toEqual({ status: 200, json: { servers: [json] } });
    });

    it("registers a server without a token as upload-only, with the default API URL, asking nothing of it", async () => {
      const before = ghes.requests.length;
      const { status, json } = await register({ hostname: "air-gapped.example.com" });
      expect(status).toBe(201);
      expect(json).toMatchObject({ api_url: "https://air-gapped.example.com/api/v3", mode: "upload-only", version: null, license_sync: "disabled" });
      expect(ghes.requests.length).toBe(before);
    });

    it.each([
      ["a non-admin's token", NOT_ADMIN, "site_admin", "ghes-user is not a site administrator"],
      ["an admin's token without the scope", NO_SCOPE, "scope", "lacks the site_admin scope"],
      ["a token GHES does not know", UNKNOWN, "token", "401"],
    ])("refuses %s with 422 naming the check and stores nothing", async (_name, token, check, detail) => {
      const { status, json } = await register({ hostname: "ghes.example.com", api_url: ghes.apiUrl, token });
      expect(status).toBe(422);
      expect(json.message).toContain(`check "${check}" failed`);
      expect(json.message).toContain(detail);
      expect(json.errors).toEqual([{ path: "token", message: expect.stringContaining(check) }]);
      expect(await db().prisma.ghesServer.count()).toBe(0);
    });

    it("refuses an unreachable host", async () => {
      const port = await closedPort();
      const { status, json } = await register({ hostname: "ghes.example.com", api_url: `http://127.0.0.1:${port}/api/v3`, token: ADMIN });
      expect(status).toBe(422);
      expect(json.message).toContain(`check "reachable" failed`);
      expect(await db().prisma.ghesServer.count()).toBe(0);
    });

    it("refuses a certificate it cannot verify", async () => {
      const tlsGhes = await startGhesStandIn({ tls: selfSignedCertificate({ ip: ["127.0.0.1"] }), accounts: { [ADMIN]: { login: "a", siteAdmin: true, scopes: ["site_admin"] } } });
      try {
        const { status, json } = await register({ hostname: "ghes.example.com", api_url: tlsGhes.apiUrl, token: ADMIN });
        expect(status).toBe(422);
        expect(json.message).toContain(`check "tls" failed`);
        expect(json.message).toContain("GHES_CA_FILE");
        expect(tlsGhes.requests).toHaveLength(0);
      } finally {
        await tlsGhes.close();
      }
    });

    it("does not follow a redirect to another host with the token", async () => {
      const seen: Array<string | undefined> = [];
      const other = http.createServer((req, res) => {
        seen.push(req.headers.authorization);
        res.end("{}");
      });
      await new Promise<void>((resolve) => other.listen(0, "127.0.0.1", resolve));
      const redirecting = await startGhesStandIn();
      redirecting.override("/api/v3/user", (_req, res) => {
        res.writeHead(301, { location: `http://127.0.0.1:${(other.address() as AddressInfo).port}/api/v3/user` });
        res.end();
      });
      try {
        const { status, json } = await register({ hostname: "ghes.example.com", api_url: redirecting.apiUrl, token: ADMIN });
        expect(status).toBe(422);
        expect(json.message).toContain(`check "redirect" failed`);
        expect(seen).toEqual([]);
      } finally {
        await redirecting.close();
        await new Promise((resolve) => other.close(resolve));
      }
    });

    it.each([
      [{ hostname: "ghes.example.com", api_url: "https://169.254.169.254/api/v3" }, "api_url", "link-local or cloud metadata"],
      [{ hostname: "ghes.example.com", api_url: "https://admin:pw@ghes.example.com/api/v3" }, "api_url", "credentials"],
      [{ hostname: "ghes.example.com", api_url: "https://ghes.example.com/api/v3#frag" }, "api_url", "fragment"],
      [{ hostname: "ghes.example.com", api_url: "ftp://ghes.example.com/api/v3" }, "api_url", "https"],
    ])("refuses the API URL of %j", async (body, path, detail) => {
      const { status, json } = await register(body);
      expect(status).toBe(422);
      expect(json.errors).toEqual([{ path, message: expect.stringContaining(detail) }]);
      expect(await db().prisma.ghesServer.count()).toBe(0);
    });

    it("lists every invalid field with its path", async () => {
      const { status, json } = await register({ hostname: "https://ghes.example.com/", token: "has space", licence_sync: "enabled" });
      expect(status).toBe(422);
      expect(json.message).toBe("Validation failed");
      expect(json.errors!.map((e) => e.path).sort()).toEqual(["hostname", "licence_sync", "token"]);
      const missing = await register({});
      expect(missing.json.errors).toEqual([{ path: "hostname", message: expect.stringContaining("is required") }]);
    });

    it("answers 415, 400 and 413 for bodies that are not small JSON", async () => {
      expect((await request("POST", SERVERS, "hostname=x", { "content-type": "application/x-www-form-urlencoded" })).status).toBe(415);
      const broken = await request("POST", SERVERS, "{not json");
      expect(broken.status).toBe(400);
      expect(broken.json.message).toContain("not valid JSON");
      expect((await request("POST", SERVERS, JSON.stringify({ hostname: "x".repeat(70_000) }))).status).toBe(413);
    });

    it("refuses a second server with the same host name", async () => {
      expect((await register({ hostname: "ghes.example.com" })).status).toBe(201);
      const again = await register({ hostname: "ghes.example.com" });
      expect(again.status).toBe(409);
      expect(again.json.errors).toEqual([{ path: "hostname", message: "is already registered" }]);
    });
  });

  describe("PATCH", () => {
    it("refuses to enable an upload-only server, then enables it once a token is stored", async () => {
      const { json: server } = await register({ hostname: "ghes.example.com", api_url: ghes.apiUrl });
      const refused = await request("PATCH", `${SERVERS}/${server.id as string}`, { license_sync: "enabled" });
      expect(refused.status).toBe(422);
      expect(refused.json.errors).toEqual([{ path: "license_sync", message: "needs a stored GHES site-admin token" }]);
      expect((await db().prisma.ghesServer.findFirstOrThrow()).licenseSync).toBe("disabled");

      const enabled = await request("PATCH", `${SERVERS}/${server.id as string}`, { license_sync: "enabled", token: ADMIN });
      expect(enabled.status).toBe(200);
      expect(enabled.json).toMatchObject({ license_sync: "enabled", mode: "api", version: "3.15.0" });
      const disabled = await request("PATCH", `${SERVERS}/${server.id as string}`, { license_sync: "disabled" });
      expect(disabled.json).toMatchObject({ license_sync: "disabled", mode: "api" });
    });

    it("rotates a token only after verifying the new one, and keeps the old one when refused", async () => {
      const { json: server } = await register({ hostname: "ghes.example.com", api_url: ghes.apiUrl, token: ADMIN });
      const refused = await request("PATCH", `${SERVERS}/${server.id as string}`, { token: NOT_ADMIN });
      expect(refused.status).toBe(422);
      const kept = await db().prisma.ghesServer.findFirstOrThrow();
      expect(app.deps.box.open(kept.tokenSealed!, GHES_TOKEN_PURPOSE)).toBe(ADMIN);

      const rotated = await request("PATCH", `${SERVERS}/${server.id as string}`, { token: ROTATED });
      expect(rotated.status).toBe(200);
      const row = await db().prisma.ghesServer.findFirstOrThrow();
      expect(app.deps.box.open(row.tokenSealed!, GHES_TOKEN_PURPOSE)).toBe(ROTATED);
      expect(row.tokenLogin).toBe("ghes-admin2");
    });

    it("lets an owner who enables a server paused for its registrant take it over", async () => {
      const { json: server } = await register({ hostname: "ghes.example.com", api_url: ghes.apiUrl, token: ADMIN });
      await db().prisma.ghesServer.update({ where: { id: server.id as string }, data: { registeredBy: "former-owner", pausedReason: "registrant is no longer an owner" } });
      const enabled = await request("PATCH", `${SERVERS}/${server.id as string}`, { license_sync: "enabled" });
      expect(enabled.json).toMatchObject({ registered_by: PEOPLE.owner.login, license_sync: "enabled" });
      expect((await db().prisma.ghesServer.findFirstOrThrow()).pausedReason).toBeNull();
    });

    it("refuses an empty change, an unknown value and an unknown server", async () => {
      const { json: server } = await register({ hostname: "ghes.example.com" });
      expect((await request("PATCH", `${SERVERS}/${server.id as string}`, {})).json.errors).toEqual([{ path: "(body)", message: "send license_sync, token or both" }]);
      expect((await request("PATCH", `${SERVERS}/${server.id as string}`, { license_sync: "on" })).json.errors).toEqual([
        { path: "license_sync", message: 'must be "enabled" or "disabled"' },
      ]);
      expect((await request("PATCH", `${SERVERS}/00000000-0000-0000-0000-000000000000`, { license_sync: "disabled" })).status).toBe(404);
    });
  });

  describe("DELETE", () => {
    it("forgets the server, its token and its users, then answers 404", async () => {
      const { json: server } = await register({ hostname: "ghes.example.com", api_url: ghes.apiUrl, token: ADMIN });
      const snapshot = await db().prisma.userSnapshot.create({ data: { serverId: server.id as string, source: "uploaded", userCount: 1 } });
      await db().prisma.ghesUser.create({ data: { snapshotId: snapshot.id, ghesId: 5, login: "ada", email: "ada@example.com" } });
      expect((await request("DELETE", `${SERVERS}/${server.id as string}`)).status).toBe(204);
      expect(await db().prisma.ghesServer.count()).toBe(0);
      expect(await db().prisma.ghesUser.count()).toBe(0);
      expect(await db().prisma.auditEntry.count({ where: { action: "server.deleted" } })).toBe(1);
      expect((await request("DELETE", `${SERVERS}/${server.id as string}`)).status).toBe(404);
    });
  });

  it("never put a GHES token in a response or a log line", () => {
    expect(responses.length).toBeGreaterThan(10);
    // The log does talk about registrations and refusals, just never with the token.
    expect(app.logLines.join("\n")).toContain(`${PEOPLE.owner.login} could not register ghes.example.com on ${ORG}: GHES token refused`);
    expect(app.logLines.join("\n")).toContain(`${PEOPLE.owner.login} registered ghes.example.com on ${ORG}`);
    const text = [...responses, ...app.logLines].join("\n");
    for (const token of ALL_TOKENS) expect(text).not.toContain(token);
    for (const token of ALL_TOKENS.slice(0, 4)) expect(app.deps.secrets.scrub(`x ${token} y`)).toBe("x [secret] y");
  });
});
