// The OpenAPI 3.1 description of the app's own API (contract.md "HTTP API"), served at
// GET /api/openapi.json. test/http/api/openapi.test.ts holds real responses to these schemas.
import { schemas } from "./openapi-schemas.js";

type Op = { summary: string; ok: number; schema?: keyof typeof schemas; body?: string; params?: string[]; query?: string[] };

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const errorResponse = (description: string) => ({ description, content: { "application/json": { schema: ref("Error") } } });

function operation(op: Op) {
  const parameters = [
    ...(op.params ?? []).map((name) => ({ name, in: "path", required: true, schema: { type: "string" } })),
    ...(op.query ?? []).map((name) => ({ name, in: "query", required: false, schema: { type: name === "per_page" || name === "page" ? "integer" : "string" } })),
  ];
  return {
    summary: op.summary,
    security: [{ bearer: [] }, { session: [] }],
    ...(parameters.length ? { parameters } : {}),
    ...(op.body ? { requestBody: { required: true, content: { [op.body]: { schema: op.body === "application/json" ? { type: "object" } : { type: "string" } } } } } : {}),
    responses: {
      [String(op.ok)]: op.schema ? { description: op.summary, content: { "application/json": { schema: ref(op.schema) } } } : { description: op.summary },
      "401": errorResponse("no or invalid token or session"),
      "403": errorResponse("not an owner of the organization"),
      "404": errorResponse("unknown organization or resource"),
      "409": errorResponse("installation suspended or not verified"),
      "422": errorResponse("invalid input: what is wrong and where"),
    },
  };
}

const E = "/api/enterprises/{enterprise}";
const paging = ["per_page", "page"];

/** `version` is the version of this description of the API, not of the package. */
export function openApiDocument(version = "1.0.0") {
  return {
    openapi: "3.1.0",
    info: { title: "license-sync", version, description: "Sync GHES user-license usage to a GitHub Enterprise Cloud organization; each person counted once." },
    components: {
      securitySchemes: {
        bearer: { type: "http", scheme: "bearer", description: "a GitHub user token of an active owner of {enterprise}" },
        session: { type: "apiKey", in: "cookie", name: "license_sync_session" },
      },
      schemas,
    },
    paths: {
      [`${E}/servers`]: {
        get: operation({ summary: "List GHES servers", ok: 200, schema: "ServerList", params: ["enterprise"] }),
        post: operation({ summary: "Register a GHES server", ok: 201, schema: "Server", params: ["enterprise"], body: "application/json" }),
      },
      [`${E}/servers/{id}`]: {
        patch: operation({ summary: "Switch license sync or rotate the token", ok: 200, schema: "Server", params: ["enterprise", "id"], body: "application/json" }),
        delete: operation({ summary: "Forget a server, its token and its users", ok: 204, params: ["enterprise", "id"] }),
      },
      [`${E}/servers/{id}/sync`]: { post: operation({ summary: "Sync now", ok: 202, schema: "QueuedRun", params: ["enterprise", "id"] }) },
      [`${E}/servers/{id}/usage-uploads`]: {
        post: operation({ summary: "Upload all_users.csv", ok: 202, schema: "Upload", params: ["enterprise", "id"], query: ["name"], body: "text/csv" }),
      },
      [`${E}/servers/{id}/usage-uploads/{uploadId}`]: { get: operation({ summary: "One upload", ok: 200, schema: "Upload", params: ["enterprise", "id", "uploadId"] }) },
      [`${E}/consumed-licenses`]: { get: operation({ summary: "Consumed licenses (GHEC's shape)", ok: 200, schema: "ConsumedLicenses", params: ["enterprise"], query: paging }) },
      [`${E}/license-sync-status`]: { get: operation({ summary: "License sync status (GHEC's shape)", ok: 200, schema: "LicenseSyncStatus", params: ["enterprise"] }) },
      [`${E}/sync-runs`]: { get: operation({ summary: "Run history", ok: 200, schema: "SyncRuns", params: ["enterprise"], query: ["server_id", ...paging] }) },
      [`${E}/usage-history`]: { get: operation({ summary: "Weekly usage points", ok: 200, schema: "UsageHistory", params: ["enterprise"] }) },
      [`${E}/identity-mappings`]: { put: operation({ summary: "Replace the identity mappings", ok: 200, params: ["enterprise"], body: "text/csv" }) },
      [`${E}/audit-log`]: { get: operation({ summary: "Audit trail, newest first", ok: 200, schema: "AuditLog", params: ["enterprise"], query: ["action", "actor", ...paging] }) },
    },
  };
}
