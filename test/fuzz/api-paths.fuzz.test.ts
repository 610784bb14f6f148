// The API's path parameters, query strings and credentials fuzzed over real HTTP, on both
// databases: hostile ids, organization names, paging and filter values, Accept headers, bearer
// tokens, session cookies and request ids. Properties: never a 5xx; refusals in the API's JSON
// shape; a GET or a refused request stores nothing (every application table compared).
import fc from "fast-check";
import { expect, it } from "vitest";
import { describeEachDatabase } from "../support/test-database.js";
import { BAD_TOKEN, bearer, ORG, PEOPLE, seedInstallation, useTestApp } from "../http/api/serve-test-app.js";
import { assertProperty, hugeString, nastyString, tableState } from "./fuzz-support.js";
import { expectNothingStored, expectRefusalShape, headerValue, pathSegment, rawRequest } from "./http-fuzz.js";

const BASE = `/api/enterprises/${ORG}`;
const owner = bearer(PEOPLE.owner);

describeEachDatabase("fuzzed API paths, queries and credentials", (db) => {
  const app = useTestApp(db, {}, { engine: { work: false } });

  async function seed() {
    const installation = await seedInstallation(db());
    const server = await db().prisma.ghesServer.create({
      data: { installationId: installation.id, hostname: "ghes.example.com", apiUrl: "https://ghes.example.com/api/v3", registeredBy: PEOPLE.owner.login },
    });
    return { installation, server };
  }

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
      25,
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
});
