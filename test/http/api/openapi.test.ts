// The served OpenAPI description is true and whole: every route it describes is called for real
// (with seeded data, so lists are not empty), each answer — successes and refusals — agrees with it
// (status, media type, body), and the router has no route it leaves out.
import { readFileSync } from "node:fs";
import { Ajv } from "ajv";
import nock from "nock";
import { afterAll, afterEach, beforeAll, beforeEach, expect, it, vi } from "vitest";
import { Router } from "../../../src/http/router.js";
import { recount } from "../../../src/sync/recount.js";
import { describeEachDatabase } from "../../support/test-database.js";
import { waitFor } from "../../support/wait-for.js";
import { compareRoutes, describedOperations, openApiChecker, type OpenApiDocument } from "./openapi-check.js";
import { bearer, GITHUB_WEB, ORG, PEOPLE, seedInstallation, serveTestApp, standInGitHub, type TestApp } from "./serve-test-app.js";

const METRICS_TOKEN = "metrics-token-0123456789abcdef";
const E = "/api/enterprises/{enterprise}";
const CSV_REPORT = ["created_at,id,login,email,role,suspended?", ...["ada", "bob", "cy"].map((l, i) => `2020-01-01 00:00:00 UTC,${i + 1},${l},${l}@example.com,user,false`)].join("\n");

/** GitHub's published schema of a GHEC answer (draft-07; scripts/extract-ghec-schemas.mjs). */
const github = (name: string) => new Ajv({ strict: false }).compile(JSON.parse(readFileSync(new URL(`../../fixtures/ghec/${name}.schema.json`, import.meta.url), "utf8")) as object);

type Call = { params?: Record<string, string>; query?: string; headers?: Record<string, string>; body?: string; type?: string };

describeEachDatabase("OpenAPI description", (db) => {
  let app: TestApp;
  let document: OpenApiDocument;
  let checker: ReturnType<typeof openApiChecker>;
  const registered: Array<{ method: string; path: string }> = [];
  const called = new Set<string>();

  beforeAll(async () => {
    // Every route the app registers, as it registers it (the spy passes each call through).
    const original = Router.prototype.on;
    const spy = vi.spyOn(Router.prototype, "on").mockImplementation(function (this: Router, method: string, path: string, handler) {
      registered.push({ method, path });
      return original.call(this, method, path, handler);
    });
    app = await serveTestApp(db(), { METRICS_TOKEN }, { engine: { work: false } });
    spy.mockRestore();
    document = (await (await fetch(`${app.baseUrl}/api/openapi.json`)).json()) as OpenApiDocument;
    checker = openApiChecker(document);
  });
  afterAll(async () => app.close());
  beforeEach(() => standInGitHub());
  afterEach(() => nock.cleanAll());

  /** Calls `method template` for real and holds the answer to the description. */
  async function call(method: string, template: string, options: Call = {}) {
    const path = template.replace(/\{(\w+)\}/g, (_m, name: string) => encodeURIComponent(options.params?.[name] ?? (name === "enterprise" ? ORG : "")));
    const response = await fetch(`${app.baseUrl}${path}${options.query ? `?${options.query}` : ""}`, {
      method,
      redirect: "manual",
      headers: { ...(options.type ? { "content-type": options.type } : {}), ...(options.headers ?? bearer(PEOPLE.owner)) },
      body: options.body,
    });
    const answer = { status: response.status, contentType: response.headers.get("content-type"), body: await response.text() };
    expect(checker.check(method, template, answer), `${method} ${path}`).toEqual([]);
    expect(response.headers.get("x-request-id")).toBeTruthy();
    called.add(`${method} ${template}`);
    return { ...answer, headers: response.headers, json: () => JSON.parse(answer.body) as Record<string, unknown> };
  }
  const json = (value: unknown) => ({ body: JSON.stringify(value), type: "application/json" });

  it("has a description for every route of the router, and a route for every description", () => {
    expect(registered.length).toBeGreaterThan(20);
    expect(compareRoutes(registered, document)).toEqual({ undescribed: [], unrouted: [] });
  });

  it("holds the real answers of every described route, successes and refusals, to the description", async () => {
    const installation = await seedInstallation(db());
    // Servers: register, a duplicate (409), bad input (422, 400), switch, list.
    const created = await call("POST", `${E}/servers`, json({ hostname: "ghes.example.com" }));
    expect(created.status).toBe(201);
    const id = created.json().id as string;
    expect((await call("POST", `${E}/servers`, json({ hostname: "ghes.example.com" }))).status).toBe(409);
    expect((await call("POST", `${E}/servers`, json({ hostname: "not a host" }))).status).toBe(422);
    expect((await call("POST", `${E}/servers`, { body: "{", type: "application/json" })).status).toBe(400);
    expect((await call("PATCH", `${E}/servers/{id}`, { params: { id }, ...json({ license_sync: "disabled" }) })).status).toBe(200);
    expect((await call("PATCH", `${E}/servers/{id}`, { params: { id }, ...json({ license_sync: "enabled" }) })).status).toBe(422);
    await db().prisma.ghesServer.update({ where: { id }, data: { licenseSync: "enabled", tokenSealed: "sealed" } });
    expect(((await call("GET", `${E}/servers`)).json().servers as unknown[]).length).toBe(1);

    // Sync now, an upload (processed before going on), identity mappings, then a count.
    expect((await call("POST", `${E}/servers/{id}/sync`, { params: { id } })).status).toBe(202);
    const upload = await call("POST", `${E}/servers/{id}/usage-uploads`, { params: { id }, query: "name=all_users.csv", body: CSV_REPORT, type: "text/csv" });
    expect(upload.status).toBe(202);
    const uploadId = upload.json().id as string;
    await waitFor(async () => (await db().prisma.upload.findUnique({ where: { id: uploadId } }))?.state !== "PENDING", { what: "the upload to be processed" });
    expect((await call("POST", `${E}/servers/{id}/usage-uploads`, { params: { id }, body: "x", type: "application/octet-stream" })).status).toBe(415);
    expect(((await call("GET", `${E}/servers/{id}/usage-uploads`, { params: { id } })).json().usage_uploads as unknown[]).length).toBe(1);
    expect((await call("GET", `${E}/servers/{id}/usage-uploads/{uploadId}`, { params: { id, uploadId } })).json().state).toBe("SUCCESS");
    expect((await call("GET", `${E}/servers/{id}/usage-uploads/{uploadId}`, { params: { id, uploadId: "nope" } })).status).toBe(404);
    expect((await call("PUT", `${E}/identity-mappings`, { body: "enterprise_server_login_or_email,github_com_login\nada,ada-gh\n", type: "text/csv" })).status).toBe(200);
    expect((await call("PUT", `${E}/identity-mappings`, { body: "enterprise_server_login_or_email,github_com_login\nada\n", type: "text/csv" })).status).toBe(422);
    expect((await call("PUT", `${E}/identity-mappings`, json({}))).status).toBe(415);
    expect(((await call("GET", `${E}/identity-mappings`)).json().identity_mappings as unknown[]).length).toBe(1);
    await recount(db(), installation.id, new Date("2026-11-25T12:00:00Z"), { seats: 10 });

    // The read side, with data in every list.
    const licenses = (await call("GET", `${E}/consumed-licenses`, { query: "per_page=2" })).json();
    expect((licenses.users as unknown[]).length).toBe(2);
    const githubLicenses = github("consumed-licenses");
    expect(githubLicenses(licenses), JSON.stringify(githubLicenses.errors)).toBe(true);
    expect((await call("GET", `${E}/consumed-licenses`, { query: "per_page=500" })).status).toBe(422);
    expect((await call("GET", `${E}/consumed-licenses`, { headers: { ...bearer(PEOPLE.owner), accept: "text/csv" } })).body).toContain("github_com_login");
    expect((await call("GET", `${E}/consumed-licenses.csv`)).body.split("\n").length).toBeGreaterThan(3);
    const status = (await call("GET", `${E}/license-sync-status`)).json();
    expect(status.server_instances).toEqual([expect.objectContaining({ hostname: "ghes.example.com", last_sync: expect.objectContaining({ status: "success" }) })]);
    const githubStatus = github("license-sync-status");
    expect(githubStatus(status), JSON.stringify(githubStatus.errors)).toBe(true);
    expect(((await call("GET", `${E}/sync-runs`)).json().sync_runs as unknown[]).length).toBeGreaterThan(0);
    expect((await call("GET", `${E}/sync-runs`, { query: "server_id=unknown" })).status).toBe(404);
    expect((await call("GET", `${E}/sync-runs`, { query: "per_page=0" })).status).toBe(422);
    expect(((await call("GET", `${E}/usage-history`)).json().usage as unknown[]).length).toBe(1);
    expect(((await call("GET", `${E}/audit-log`)).json().audit_entries as unknown[]).length).toBeGreaterThan(3);
    expect((await call("GET", `${E}/audit-log`, { query: "action=" })).status).toBe(422);

    // Refusals: no token, not an owner, an organization without the app, a suspended installation.
    expect((await call("GET", `${E}/servers`, { headers: {} })).status).toBe(401);
    expect((await call("GET", `${E}/license-sync-status`, { headers: bearer(PEOPLE.member) })).status).toBe(403);
    expect((await call("GET", `${E}/usage-history`, { params: { enterprise: "elsewhere" } })).status).toBe(404);
    expect((await call("DELETE", `${E}/servers/{id}`, { params: { id } })).status).toBe(204);
    expect((await call("DELETE", `${E}/servers/{id}`, { params: { id } })).status).toBe(404);
    expect((await call("POST", `${E}/servers/{id}/sync`, { params: { id } })).status).toBe(404);
    await db().prisma.installation.update({ where: { id: installation.id }, data: { suspendedAt: new Date() } });
    expect((await call("GET", `${E}/servers`)).status).toBe(409);

    // Health, the description itself, metrics.
    expect((await call("GET", "/healthz")).status).toBe(200);
    expect((await call("GET", "/readyz")).status).toBe(200);
    expect((await call("GET", "/api/openapi.json", { headers: {} })).status).toBe(200);
    expect((await call("GET", "/metrics", { headers: { authorization: `Bearer ${METRICS_TOKEN}` } })).body).toContain("license_sync_");
    expect((await call("GET", "/metrics", { headers: {} })).status).toBe(401);
  });

  it("holds the sign-in routes' answers to the description", async () => {
    const login = await call("GET", "/license-sync/auth/login", { headers: {} });
    expect(login.status).toBe(302);
    const state = new URL(login.headers.get("location")!).searchParams.get("state")!;
    const stateCookie = login.headers.getSetCookie()[0]!.split(";")[0]!;
    expect((await call("GET", "/license-sync/auth/callback", { query: `code=c&state=${state}`, headers: {} })).status).toBe(400);
    nock(GITHUB_WEB).post("/login/oauth/access_token").reply(200, { access_token: PEOPLE.owner.token, token_type: "bearer", scope: "" });
    const callback = await call("GET", "/license-sync/auth/callback", { query: `code=c&state=${state}`, headers: { cookie: stateCookie } });
    expect(callback.status).toBe(302);
    const cookie = callback.headers.getSetCookie().find((c) => c.startsWith("license_sync_session="))!.split(";")[0]!;
    expect((await call("GET", "/license-sync/auth/session", { headers: {} })).status).toBe(401);
    const session = await call("GET", "/license-sync/auth/session", { headers: { cookie } });
    expect(session.json().login).toBe(PEOPLE.owner.login);
    const form = "application/x-www-form-urlencoded";
    expect((await call("POST", "/license-sync/auth/logout", { headers: { cookie }, body: "_csrf=wrong", type: form })).status).toBe(403);
    expect((await call("POST", "/license-sync/auth/logout", { headers: { cookie }, body: `_csrf=${session.json().csrf_token as string}`, type: form })).status).toBe(303);
  });

  it("has called every described operation", () => {
    expect([...called].sort()).toEqual(describedOperations(document));
  });
});
