// The API's path parameters, query strings and credentials fuzzed over real HTTP, on both
// databases: hostile ids, organization names, paging and filter values, Accept headers, bearer
// tokens, session cookies and request ids. Properties: never a 5xx; refusals in the API's JSON
// shape; a GET or a refused request stores nothing (every application table compared).
import fc from "fast-check";
import nock from "nock";
import { expect, it } from "vitest";
import { describeEachDatabase } from "../support/test-database.js";
import { BAD_TOKEN, bearer, GITHUB_WEB, ORG, PEOPLE, useTestApp } from "../http/api/serve-test-app.js";
import { assertProperty, hugeString, nastyString, tableState } from "./fuzz-support.js";
import { expectNothingStored, expectRefusalShape, headerValue, pathSegment, rawRequest, seedOrgWithServer } from "./http-fuzz.js";

const BASE = `/api/enterprises/${ORG}`;
const owner = bearer(PEOPLE.owner);

describeEachDatabase("fuzzed API paths, queries and credentials", (db) => {
  const app = useTestApp(db, {}, { engine: { work: false } });

  const seed = () => seedOrgWithServer(db());

  it("GET routes: hostile path parameters and query strings answer below 500 and store nothing", async () => {
    const { server } = await seed();
    const routes = [
      (p: string) => `${BASE}/consumed-licenses?per_page=${p}&page=${p}`,
      (p: string) => `${BASE}/consumed-licenses.csv?${p}`,
      (p: string) => `${BASE}/sync-runs?server_id=${p}&per_page=${p}`,
      (p: string) => `${BASE}/audit-log?action=${p}&actor=${p}&page=${p}`,
      (p: string) => `${BASE}/servers/${p}/usage-uploads`,
      (p: string) => `${BASE}/servers/${server.id}/usage-uploads/${p}`,
      (p: string) => `/api/enterprises/${p}/servers`,
      (p: string) => `/api/enterprises/${p}/license-sync-status`,
      (p: string) => `${BASE}/usage-history?${p}=${p}`,
      (p: string) => `${BASE}/identity-mappings?${p}`,
    ];
    // Each generated value is tried in every route's parameters.
    await assertProperty(
      fc.asyncProperty(
        fc.oneof(nastyString().map(pathSegment), fc.constantFrom("%", "%zz", "%00", "%C0%AF", "%ED%A0%80", "-1", "0", "1e3", "101", "0x10", "1.5", "99999999999999999999", "", "%2F..%2F", "a%20b"), hugeString().map((s) => pathSegment(s.slice(0, 400)))),
        fc.option(fc.oneof(fc.constantFrom("text/csv", "application/json", "*/*", "text/csv;q=0", "\u00ff"), nastyString().map(headerValue)), { nil: undefined }),
        async (parameter, accept) => {
          const before = await tableState(db());
          for (const route of routes) {
            const path = route(parameter);
            const response = await rawRequest(app.baseUrl, "GET", path, { ...owner, accept });
            expect(response.status, `${path.slice(0, 200)} answered ${response.status}: ${response.text.slice(0, 200)}`).toBeLessThan(500);
            if (response.status >= 400) expectRefusalShape(response, { json: response.headers["content-type"]?.startsWith("application/json") ?? false });
          }
          await expectNothingStored(db(), before);
        },
      ),
      20,
    );
  });

  it("hostile credentials and request ids are refused 401 (JSON) and store nothing", async () => {
    await seed();
    await assertProperty(
      fc.asyncProperty(
        fc.oneof(
          fc.constant(`Bearer ${BAD_TOKEN}`),
          nastyString().map((s) => headerValue(`Bearer ${s}`)),
          fc.constantFrom("Bearer", "Bearer ", "Basic Zm9vOmJhcg==", "bearer  gho_x", "Token abc", `Bearer ${PEOPLE.owner.token}x`, "Bearer ../../etc/passwd"),
          fc.stringMatching(/^[\x20-\x7e]{0,200}$/),
        ),
        fc.option(fc.oneof(fc.stringMatching(/^[\x21-\x7e]{0,300}$/), fc.constantFrom("license_sync_session=", "license_sync_session=%00", "license_sync_session=a; license_sync_session=b", "license_sync_session=" + "a".repeat(4000))), { nil: undefined }),
        fc.option(fc.stringMatching(/^[\x21-\x7e]{0,200}$/), { nil: undefined }),
        async (authorization, cookie, requestId) => {
          const before = await tableState(db());
          const response = await rawRequest(app.baseUrl, "GET", `${BASE}/servers`, { authorization, cookie, "x-request-id": requestId });
          expect(response.status).toBe(401);
          expectRefusalShape(response);
          expect(response.headers["x-request-id"]).toMatch(/^[A-Za-z0-9._:-]{1,128}$/);
          await expectNothingStored(db(), before);
        },
      ),
      40,
    );
  });
  it("sign-in routes: hostile return_to, state, code and error are refused below 500 and store nothing", async () => {
    await seed();
    // GitHub refuses any code these tests send (a 502 would be GitHub failing, not bad input).
    nock(GITHUB_WEB).persist().post("/login/oauth/access_token").reply(200, { error: "bad_verification_code", error_description: "The code passed is incorrect or expired." });
    // The first sign-in creates the key that signs the state cookie (app_meta); not the fuzz's doing.
    await rawRequest(app.baseUrl, "GET", "/license-sync/auth/login", {});
    await assertProperty(
      fc.asyncProperty(
        fc.oneof(nastyString(), fc.constantFrom("//evil.example", "/\\evil.example", "https://evil.example/", "javascript:alert(1)", "/license-sync/../../x", "%2F%2Fevil.example", "/\t/evil.example")),
        fc.option(nastyString(), { nil: undefined }),
        fc.option(nastyString(), { nil: undefined }),
        fc.boolean(),
        async (returnTo, code, error, keepState) => {
          const before = await tableState(db());
          const login = await rawRequest(app.baseUrl, "GET", `/license-sync/auth/login?return_to=${pathSegment(returnTo)}`, {});
          if (login.status !== 302) {
            // A NUL in return_to is refused by the router (400) before the route runs.
            expect(login.status, login.text.slice(0, 200)).toBe(400);
            await expectNothingStored(db(), before);
            return;
          }
          const state = new URL(String(login.headers.location)).searchParams.get("state")!;
          const stateCookie = String(login.headers["set-cookie"]?.[0] ?? "").split(";")[0]!;
          const query = new URLSearchParams();
          query.set("state", keepState ? state : `${state}x`);
          if (code !== undefined) query.set("code", code);
          if (error !== undefined) query.set("error", error);
          const callback = await rawRequest(app.baseUrl, "GET", `/license-sync/auth/callback?${query.toString()}`, { cookie: stateCookie });
          expect(callback.status, callback.text.slice(0, 200)).toBeGreaterThanOrEqual(400);
          expect(callback.status, callback.text.slice(0, 200)).toBeLessThan(500);
          await expectNothingStored(db(), before);
        },
      ),
      30,
    );
  });
  it("any method on any route answers below 500 (405 JSON for a method a route does not take) and stores nothing", async () => {
    const { server } = await seed();
    const paths = [`${BASE}/servers`, `${BASE}/servers/${server.id}`, `${BASE}/servers/${server.id}/sync`, `${BASE}/servers/${server.id}/usage-uploads`, `${BASE}/identity-mappings`, `${BASE}/consumed-licenses`, `${BASE}/audit-log`, "/healthz", "/api/openapi.json"];
    await assertProperty(
      fc.asyncProperty(fc.constantFrom("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE", "PROPFIND", "PURGE", "LINK"), fc.constantFrom(...paths), async (method, path) => {
        const before = await tableState(db());
        // DELETE of the one server is a valid request; it is kept out so the state stays comparable.
        fc.pre(!(method === "DELETE" && path === `${BASE}/servers/${server.id}`));
        const response = await rawRequest(app.baseUrl, method, path, { ...owner });
        expect(response.status, `${method} ${path}: ${response.text.slice(0, 200)}`).toBeLessThan(500);
        if (response.status === 405 && method !== "HEAD") expectRefusalShape(response);
        await expectNothingStored(db(), before);
      }),
      20,
    );
  });
});
