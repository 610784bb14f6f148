// The JSON API's doors fuzzed over real HTTP, on both databases: server registration and update,
// Sync now, identity mappings, and every route's path and query parameters, with malformed JSON,
// wrong types in valid-shaped bodies, hostile strings and keys, invalid UTF-8, wrong content types
// and oversized bodies.
//
// Properties: never a 5xx; a refusal is 4xx JSON `{message, errors?}`; a refused request leaves
// every application table as it was (row counts and contents). When the app's own schema accepts
// the body, a 2xx is allowed and the tables it may change are named (the row and its audit entry).
import fc from "fast-check";
import { expect, it } from "vitest";
import { parseIdentityMappings } from "../../src/licenses/identity-mappings.js";
import { registerServerInput, updateServerInput } from "../../src/servers/server-input.js";
import { describeEachDatabase } from "../support/test-database.js";
import { bearer, ORG, PEOPLE, useTestApp } from "../http/api/serve-test-app.js";
import { hostileCsv } from "./csv-generators.js";
import { assertProperty, contentTypes, HOSTILE_KEYS, hostileJsonText, hugeString, invalidUtf8, nastyString, prototypeIsClean, tableState, wrongValue } from "./fuzz-support.js";
import { expectNothingStored, expectRefusalShape, pathSegment, rawRequest, seedOrgWithServer } from "./http-fuzz.js";

const BASE = `/api/enterprises/${ORG}`;
const owner = bearer(PEOPLE.owner);

/** Parsed JSON, or undefined when the text is not JSON. */
function jsonOf(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** A GHES token the schema would accept is never generated: a valid one would make the app call out. */
const notAToken = fc.oneof(wrongValue, nastyString()).filter((v) => typeof v !== "string" || !/^[\x21-\x7e]+$/.test(v.trim()));

/** Extra keys, hostile ones included: the schemas are strict, so any of these is a 422. */
const extraKeys = fc.dictionary(fc.oneof(fc.constantFrom(...HOSTILE_KEYS, "licence_sync", "id", "installation_id"), nastyString(10)), wrongValue, { maxKeys: 3 });

describeEachDatabase("fuzzed API bodies", (db) => {
  const app = useTestApp(db, {}, { engine: { work: false } });

  const seed = () => seedOrgWithServer(db());

  it("POST …/servers: any body text, bytes and content type is refused 4xx storing nothing, unless the schema accepts it", async () => {
    await seed();
    await assertProperty(
      fc.asyncProperty(
        fc.oneof(hostileJsonText.map((t) => Buffer.from(t)), invalidUtf8, hugeString().map((s) => Buffer.from(JSON.stringify({ hostname: s })))),
        fc.oneof({ weight: 3, arbitrary: fc.constant("application/json") }, { weight: 1, arbitrary: contentTypes }),
        async (body, contentType) => {
          const before = await tableState(db());
          const response = await rawRequest(app.baseUrl, "POST", `${BASE}/servers`, { ...owner, "content-type": contentType }, body);
          const value = jsonOf(body.toString("utf8"));
          if (response.status === 201) {
            expect(registerServerInput.safeParse(value).success, `accepted ${body.toString("utf8").slice(0, 200)}`).toBe(true);
            await expectNothingStored(db(), before, ["ghes_servers", "audit_entries"]);
          } else {
            expectRefusalShape(response);
            await expectNothingStored(db(), before);
          }
          expect(prototypeIsClean()).toBe(true);
        },
      ),
      30,
    );
  });

  it("POST …/servers: wrong types and hostile values in each field are 422 naming the field, storing nothing", async () => {
    await seed();
    await assertProperty(
      fc.asyncProperty(
        fc.record(
          {
            hostname: fc.oneof(wrongValue, nastyString(), fc.constantFrom("ghes.example.com", "GHES.EXAMPLE.COM", "ghes.example.com.", "-x.example", "a..b", "a".repeat(64) + ".com", "ghes.example.com:8443", "https://ghes.example.com", "ghes.example.com/x", "xn--nxasmq6b.example", "\u212aelvin.example")),
            api_url: fc.oneof(wrongValue, nastyString(), fc.constantFrom("javascript:alert(1)", "file:///etc/passwd", "http://169.254.169.254/latest/meta-data", "https://user:pass@ghes.example.com/api/v3", "ftp://ghes.example.com", "//ghes.example.com", "https://[::1", "https://ghes.example.com:99999/api/v3")),
            token: notAToken,
          },
          { requiredKeys: [] },
        ),
        extraKeys,
        async (fields, extra) => {
          const body = { ...extra, ...fields };
          const text = JSON.stringify(body);
          const before = await tableState(db());
          const response = await rawRequest(app.baseUrl, "POST", `${BASE}/servers`, { ...owner, "content-type": "application/json" }, text);
          if (response.status === 201) {
            expect(registerServerInput.safeParse(JSON.parse(text)).success, `accepted ${text.slice(0, 200)}`).toBe(true);
            await expectNothingStored(db(), before, ["ghes_servers", "audit_entries"]);
            return;
          }
          expectRefusalShape(response);
          await expectNothingStored(db(), before);
          const parsed = registerServerInput.safeParse(JSON.parse(text));
          if (!parsed.success) {
            expect(response.status).toBe(422);
            // Each field the schema finds wrong is named; unknown keys are named, or the body when several.
            const paths = (JSON.parse(response.text) as { errors: Array<{ path: string }> }).errors.map((e) => e.path.split(".")[0]);
            for (const issue of parsed.error.issues) if (issue.path.length > 0) expect(paths).toContain(String(issue.path[0]));
          }
        },
      ),
      35,
    );
  });

  it("PATCH …/servers/{id}: hostile bodies and ids are refused 4xx storing nothing, unless the schema accepts them", async () => {
    const { server } = await seed();
    await assertProperty(
      fc.asyncProperty(
        fc.oneof(fc.constant(server.id), nastyString(), fc.constantFrom("%", "%00", "..", "../servers", "00000000-0000-4000-8000-000000000000", "x".repeat(5000))),
        fc.oneof(
          hostileJsonText,
          fc.tuple(fc.record({ license_sync: fc.oneof(wrongValue, fc.constantFrom("ENABLED", " enabled", "on", "1", "enabled\u0000")), token: notAToken }, { requiredKeys: [] }), extraKeys).map(([fields, extra]) => JSON.stringify({ ...extra, ...fields })),
        ),
        async (id, text) => {
          const before = await tableState(db());
          const path = `${BASE}/servers/${["%", "%00"].includes(id) ? id : pathSegment(id)}`;
          const response = await rawRequest(app.baseUrl, "PATCH", path, { ...owner, "content-type": "application/json" }, text);
          if (response.status === 200) {
            expect(id).toBe(server.id);
            expect(updateServerInput.safeParse(jsonOf(text)).success, `accepted ${text.slice(0, 200)}`).toBe(true);
            await expectNothingStored(db(), before, ["ghes_servers", "audit_entries"]);
            return;
          }
          expectRefusalShape(response);
          await expectNothingStored(db(), before);
        },
      ),
      35,
    );
  });

  it("POST …/servers/{id}/sync: hostile ids and bodies are refused 4xx storing nothing", async () => {
    const { server } = await seed();
    await assertProperty(
      // Ids stay under Node's 16 KB header limit: past it Node answers 431 itself (and nock's
      // interceptor in this test process then loses the socket).
      fc.asyncProperty(fc.oneof(fc.constant(server.id), nastyString(), hugeString().map((s) => s.slice(0, 1500))), fc.option(hostileJsonText, { nil: undefined }), contentTypes, async (id, body, contentType) => {
        const before = await tableState(db());
        const response = await rawRequest(app.baseUrl, "POST", `${BASE}/servers/${pathSegment(id)}/sync`, { ...owner, "content-type": contentType }, body);
        // The seeded server is switched off: 409, like any other refusal here.
        expectRefusalShape(response);
        await expectNothingStored(db(), before);
      }),
      30,
    );
  });

  it("PUT …/identity-mappings: hostile CSV, bytes and content types change nothing unless every line is right", async () => {
    await seed();
    await assertProperty(
      fc.asyncProperty(
        fc.oneof(
          hostileCsv.map((c) => c.bytes),
          fc.array(fc.tuple(nastyString(20), fc.oneof(nastyString(20), fc.constantFrom("octocat", "mona-lisa", "-bad", "a".repeat(40)))), { maxLength: 6 }).map((rows) => Buffer.from(["enterprise_server_login_or_email,github_com_login", ...rows.map(([a, b]) => `${a},${b}`)].join("\r\n"))),
          invalidUtf8,
        ),
        fc.oneof({ weight: 3, arbitrary: fc.constant("text/csv") }, { weight: 1, arbitrary: contentTypes }),
        async (body, contentType) => {
          const before = await tableState(db());
          const response = await rawRequest(app.baseUrl, "PUT", `${BASE}/identity-mappings`, { ...owner, "content-type": contentType }, body);
          if (response.status === 200) {
            const { errors } = parseIdentityMappings(body.toString("utf8"));
            expect(errors).toEqual([]);
            await expectNothingStored(db(), before, ["identity_mappings", "audit_entries"]);
            return;
          }
          expectRefusalShape(response);
          await expectNothingStored(db(), before);
        },
      ),
      30,
    );
  });

  it("bodies past the limit are 413 at once, also when Content-Length says so before any byte", async () => {
    await seed();
    const huge = Buffer.from(JSON.stringify({ hostname: "ghes.example.com", api_url: "x".repeat(70 * 1024) }));
    const before = await tableState(db());
    const oversized = await rawRequest(app.baseUrl, "POST", `${BASE}/servers`, { ...owner, "content-type": "application/json" }, huge);
    expect(oversized.status).toBe(413);
    expectRefusalShape(oversized);
    const declared = await rawRequest(app.baseUrl, "POST", `${BASE}/servers`, { ...owner, "content-type": "application/json", "content-length": String(10 * 1024 * 1024 * 1024) });
    expect(declared.status).toBe(413);
    const mappings = await rawRequest(app.baseUrl, "PUT", `${BASE}/identity-mappings`, { ...owner, "content-type": "text/csv" }, Buffer.alloc(8 * 1024 * 1024 + 1, "a"));
    expect(mappings.status).toBe(413);
    expectRefusalShape(mappings);
    await expectNothingStored(db(), before);
  });
});
