// The served OpenAPI description is true: real responses of the API validate against the schema
// the description gives for that path, method and status, and a drifted response does not.
import { Ajv2020, type ValidateFunction } from "ajv/dist/2020.js";
import nock from "nock";
import { afterAll, afterEach, beforeAll, beforeEach, expect, it } from "vitest";
import { describeEachDatabase } from "../../support/test-database.js";
import { bearer, ORG, PEOPLE, seedInstallation, serveTestApp, standInGitHub, type TestApp } from "./serve-test-app.js";

type Document = { openapi: string; paths: Record<string, Record<string, { responses: Record<string, { content?: Record<string, { schema: object }> }> }>> };

describeEachDatabase("OpenAPI description", (db) => {
  let app: TestApp;
  let document: Document;
  let ajv: Ajv2020;
  beforeAll(async () => {
    app = await serveTestApp(db(), {}, { engine: { work: false } });
    const response = await fetch(`${app.baseUrl}/api/openapi.json`);
    expect(response.status).toBe(200);
    document = (await response.json()) as Document;
    // The whole description is one schema document so its `#/components/schemas/…` refs resolve.
    ajv = new Ajv2020({ strict: false, validateFormats: false });
    ajv.addSchema({ ...document, $id: "openapi.json" });
  });
  afterAll(async () => app.close());
  beforeEach(() => standInGitHub());
  afterEach(() => nock.cleanAll());

  /** The validator for `method path` answering `status`, found in the description as served. */
  function validatorFor(method: string, path: string, status: number): ValidateFunction {
    const template = Object.keys(document.paths).find((p) => new RegExp(`^${p.replace(/\{[^}]+\}/g, "[^/]+")}$`).test(path));
    expect(template, `${path} is described`).toBeDefined();
    const response = document.paths[template!]![method.toLowerCase()]?.responses[String(status)];
    expect(response, `${method} ${template} ${status} is described`).toBeDefined();
    const pointer = (document.paths[template!]![method.toLowerCase()]!.responses[String(status)]!.content?.["application/json"]?.schema as { $ref?: string } | undefined)?.$ref;
    expect(pointer, `${method} ${template} ${status} has a JSON schema`).toBeDefined();
    return ajv.compile({ $ref: `openapi.json${pointer!}` });
  }

  async function call(method: string, path: string, body?: unknown, headers: Record<string, string> = bearer(PEOPLE.owner)) {
    const response = await fetch(`${app.baseUrl}${path}`, {
      method,
      headers: { ...headers, ...(body !== undefined ? { "content-type": "application/json" } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json: unknown = await response.json();
    const validate = validatorFor(method, new URL(path, "http://x").pathname, response.status);
    expect(validate(json), `${method} ${path} → ${response.status}: ${JSON.stringify(validate.errors)}`).toBe(true);
    return { status: response.status, json };
  }

  it("is OpenAPI 3.1", () => {
    expect(document.openapi).toBe("3.1.0");
  });

  it("describes real responses of the server, report and audit routes, and refusals", async () => {
    await seedInstallation(db());
    const base = `/api/enterprises/${ORG}`;
    const created = await call("POST", `${base}/servers`, { hostname: "ghes.example.com" });
    expect(created.status).toBe(201);
    const id = (created.json as { id: string }).id;
    expect((await call("GET", `${base}/servers`)).status).toBe(200);
    expect((await call("PATCH", `${base}/servers/${id}`, { license_sync: "disabled" })).status).toBe(200);
    expect((await call("GET", `${base}/license-sync-status`)).status).toBe(200);
    expect((await call("GET", `${base}/consumed-licenses`)).status).toBe(200);
    expect((await call("GET", `${base}/sync-runs`)).status).toBe(200);
    expect((await call("GET", `${base}/usage-history`)).status).toBe(200);
    expect((await call("GET", `${base}/audit-log`)).status).toBe(200);
    expect((await call("GET", `${base}/servers`, undefined, {})).status).toBe(401);
    expect((await call("GET", `${base}/servers`, undefined, bearer(PEOPLE.member))).status).toBe(403);
    expect((await call("POST", `${base}/servers`, { hostname: "not a host" })).status).toBe(422);
  });

  it("fails a response that drifts from the description", async () => {
    await seedInstallation(db());
    const created = await call("POST", `/api/enterprises/${ORG}/servers`, { hostname: "ghes.example.com" });
    const validate = validatorFor("POST", `/api/enterprises/${ORG}/servers`, 201);
    const server = created.json as Record<string, unknown>;
    expect(validate(server)).toBe(true);
    expect(validate({ ...server, id: 42 })).toBe(false);
    expect(validate({ ...server, token: "leaked" })).toBe(false);
    expect(validate({ ...server, license_sync: "on" })).toBe(false);
    const { last_sync: _dropped, ...withoutLastSync } = server;
    expect(validate(withoutLastSync)).toBe(false);
  });
});
