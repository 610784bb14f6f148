// Our description of the GHEC-shaped routes agrees with GitHub's published one (the fixtures that
// scripts/extract-ghec-schemas.mjs takes from @octokit/openapi), except for the two differences
// the API documents (docs/api.md); the checks report drift: an answer, a description or a route that moved.
import { existsSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { openApiDocument } from "../../../src/http/api/openapi-document.js";
import { compareRoutes, openApiChecker, type OpenApiDocument } from "./openapi-check.js";
import { ghecDisagreements, type Schema } from "./openapi-ghec-compare.js";

const fixture = (name: string) => JSON.parse(readFileSync(new URL(`../../fixtures/ghec/${name}.schema.json`, import.meta.url), "utf8")) as Schema & { $comment: string };
const document = () => structuredClone(openApiDocument()) as unknown as OpenApiDocument & { components: { schemas: Record<string, object> } };
const E = "/api/enterprises/{enterprise}";

/** Our schema of the 200 JSON answer of `GET path`, followed through its `$ref`. */
function ourSchema(doc: ReturnType<typeof document>, path: string): object {
  const ref = (doc.paths[path]!.get!.responses["200"]!.content!["application/json"]!.schema as { $ref: string }).$ref;
  return doc.components.schemas[ref.split("/").pop()!]!;
}

describe("GHEC-shaped routes against GitHub's published description", () => {
  it("come from the script that names their source", () => {
    for (const name of ["consumed-licenses", "license-sync-status"]) {
      expect(fixture(name).$comment).toMatch(/@octokit\/openapi@[\d.]+ generated\/ghec\.deref\.json, by scripts\/extract-ghec-schemas\.mjs/);
    }
    expect(existsSync(new URL("../../../scripts/extract-ghec-schemas.mjs", import.meta.url))).toBe(true);
  });

  it("consumed-licenses: every property GitHub lists, required and typed as GitHub types it (one stated difference)", () => {
    expect(ghecDisagreements(fixture("consumed-licenses"), ourSchema(document(), `${E}/consumed-licenses`))).toEqual([
      // documented: "unlimited" (as GHES states it) stays a string.
      "(body).total_seats_purchased: ours also allows string, GitHub's only integer",
    ]);
  });

  it("license-sync-status: every property GitHub lists, required and typed as GitHub types it (one stated difference)", () => {
    expect(ghecDisagreements(fixture("license-sync-status"), ourSchema(document(), `${E}/license-sync-status`))).toEqual([
      // documented: `last_sync` is absent for a server that never synced.
      "(body).server_instances[].last_sync: not required in ours",
    ]);
  });

  it("reports a description that drifts from GitHub's", () => {
    const doc = document();
    const ours = structuredClone(ourSchema(doc, `${E}/consumed-licenses`)) as {
      properties: { users: { items: { properties: Record<string, Schema>; required: string[] } } };
    };
    const row = ours.properties.users.items;
    row.properties.github_com_user = { type: "string" };
    delete row.properties.license_type;
    row.required = row.required.filter((key) => key !== "github_com_login");
    expect(ghecDisagreements(fixture("consumed-licenses"), ours)).toEqual(
      expect.arrayContaining([
        "(body).users[].github_com_login: not required in ours",
        "(body).users[].github_com_user: ours also allows string, GitHub's only boolean",
        "(body).users[].license_type: missing in ours",
      ]),
    );
  });
});

describe("drift detection", () => {
  const server = {
    id: "b1f4", hostname: "ghes.example.com", api_url: "https://ghes.example.com/api/v3", version: null, license_sync: "disabled",
    mode: "upload-only", registered_by: "octo-owner", created_at: "2026-11-29T05:00:00.000Z", last_sync: { date: null, error: "" },
  };
  const answer = (body: unknown, status = 201) => ({ status, contentType: "application/json; charset=utf-8", body: JSON.stringify(body) });

  it("reports an answer that drifts from the description", () => {
    const { check } = openApiChecker(document());
    const post = (body: unknown, status?: number) => check("POST", `${E}/servers`, answer(body, status));
    expect(post(server)).toEqual([]);
    expect(post({ ...server, id: 42 })).toEqual([expect.stringContaining("/id must be string")]);
    expect(post({ ...server, token: "leaked" })).toEqual([expect.stringContaining("must NOT have additional properties")]);
    expect(post({ ...server, license_sync: "on" })).toEqual([expect.stringContaining("/license_sync must be equal to one of the allowed values")]);
    const { last_sync: _dropped, ...withoutLastSync } = server;
    expect(post(withoutLastSync)).toEqual([expect.stringContaining("must have required property 'last_sync'")]);
    expect(post(server, 200)).toEqual([expect.stringContaining("status not described")]);
    expect(check("POST", `${E}/servers`, { ...answer(server), contentType: "text/html" })).toEqual([expect.stringContaining("text/html not described")]);
    expect(check("DELETE", `${E}/servers/{id}`, { status: 204, contentType: null, body: "{}" })).toEqual([expect.stringContaining("a body where none is described")]);
    expect(post({ message: "refused" }, 403)).toEqual([]);
    expect(post({ error: "refused" }, 403)).toEqual([expect.stringContaining("must have required property 'message'"), expect.stringContaining("must NOT have additional properties")]);
  });

  it("reports a description that drifts from the answers", () => {
    const doc = document();
    expect(openApiChecker(doc).check("POST", `${E}/servers`, answer(server))).toEqual([]);
    const schema = doc.components.schemas.Server as { required: string[] };
    schema.required = [...schema.required, "token_last_rotated_at"];
    expect(openApiChecker(doc).check("POST", `${E}/servers`, answer(server))).toEqual([expect.stringContaining("must have required property 'token_last_rotated_at'")]);
  });

  it("reports a route the description lacks, and a description without its route", () => {
    const doc = document();
    const routed = Object.entries(doc.paths).flatMap(([path, item]) => Object.keys(item).map((method) => ({ method: method.toUpperCase(), path: path.replace(/\{(\w+)\}/g, ":$1") })));
    expect(compareRoutes(routed, doc)).toEqual({ undescribed: [], unrouted: [] });
    const withNew = [...routed.filter((r) => r.path !== "/healthz"), { method: "POST", path: "/api/enterprises/:enterprise/servers/:id/pause" }, { method: "GET", path: "/license-sync/:org" }];
    expect(compareRoutes(withNew, doc)).toEqual({ undescribed: ["POST /api/enterprises/{enterprise}/servers/{id}/pause"], unrouted: ["GET /healthz"] });
  });
});
