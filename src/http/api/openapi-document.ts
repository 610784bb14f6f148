// The OpenAPI 3.1 description of the app's own HTTP API, served at
// GET /api/openapi.json. It describes every route of the app's router except the dashboard's HTML
// pages, stylesheet and form posts (a browser UI, not an API); Probot's webhook endpoint is
// GitHub's to describe. test/http/api/openapi*.test.ts call every route described here and hold
// the real answers to it, and fail when the router has a route this does not describe.
import { operation } from "./openapi-operation.js";
import { schemas } from "./openapi-schemas.js";

const E = "/api/enterprises/{enterprise}";
const org = ["enterprise"];
const server = ["enterprise", "id"];
const paging = ["per_page", "page"];
/** Every owner-only route: unauthenticated, not an owner, unknown, not verified, GitHub unreachable. */
const OWNER = [401, 403, 404, 409, 503];
const JSON_BODY = [400, 413, 415, 422];
const CSV = { "text/csv": { schema: { type: "string" } } };

export const DESCRIPTION =
  "Counts GitHub Enterprise licenses once across GHES and a GHEC organization. Every route of the app is described " +
  "except the dashboard (`/license-sync/` and `/license-sync/{org}`: HTML pages, their stylesheet and form posts, a browser UI) " +
  "and `POST /api/github/webhooks` (Probot's webhook endpoint, described by GitHub's webhook documentation). " +
  "Every answer carries `X-Request-Id`. `consumed-licenses` and `license-sync-status` follow GitHub's published shapes.";

/** `version` is the version of this description of the API, not of the package. */
export function openApiDocument(version = "1.1.0") {
  return {
    openapi: "3.1.0",
    info: { title: "license-sync", version, description: DESCRIPTION },
    components: {
      securitySchemes: {
        bearer: { type: "http", scheme: "bearer", description: "a GitHub user token of an active owner of {enterprise}" },
        session: { type: "apiKey", in: "cookie", name: "license_sync_session", description: "the dashboard's session; changes also need its CSRF token (X-CSRF-Token)" },
        metricsToken: { type: "http", scheme: "bearer", description: "METRICS_TOKEN" },
      },
      schemas,
    },
    paths: {
      [`${E}/servers`]: {
        get: operation({ summary: "List GHES servers", ok: [200, "ServerList"], errors: OWNER, params: org }),
        post: operation({ summary: "Register a GHES server", ok: [201, "Server"], errors: [...OWNER, ...JSON_BODY], params: org, body: "application/json", headers: ["location"] }),
      },
      [`${E}/servers/{id}`]: {
        patch: operation({ summary: "Switch license sync or rotate the token", ok: [200, "Server"], errors: [...OWNER, ...JSON_BODY], params: server, body: "application/json" }),
        delete: operation({ summary: "Forget a server, its token and its users", ok: [204], errors: OWNER, params: server }),
      },
      [`${E}/servers/{id}/sync`]: { post: operation({ summary: "Sync now", ok: [202, "QueuedRun"], errors: OWNER, params: server, headers: ["location"] }) },
      [`${E}/servers/{id}/usage-uploads`]: {
        get: operation({ summary: "Uploads of a server, newest first", ok: [200, "UploadList"], errors: OWNER, params: server }),
        post: operation({ summary: "Upload all_users.csv", ok: [202, "UploadReceipt"], errors: [...OWNER, 413, 415], params: server, query: ["name"], body: "text/csv" }),
      },
      [`${E}/servers/{id}/usage-uploads/{uploadId}`]: { get: operation({ summary: "One upload", ok: [200, "Upload"], errors: OWNER, params: [...server, "uploadId"] }) },
      [`${E}/consumed-licenses`]: {
        get: operation({
          summary: "Consumed licenses (GHEC's shape), paged; the CSV export with Accept: text/csv",
          ok: [200, { "application/json": { schema: { $ref: "#/components/schemas/ConsumedLicenses" } }, ...CSV }],
          errors: [...OWNER, 422],
          params: org,
          query: paging,
          headers: ["link"],
        }),
      },
      [`${E}/consumed-licenses.csv`]: { get: operation({ summary: "Consumed licenses as CSV (GHEC's snake_case columns), streamed", ok: [200, CSV], errors: OWNER, params: org }) },
      [`${E}/license-sync-status`]: { get: operation({ summary: "License sync status (GHEC's shape)", ok: [200, "LicenseSyncStatus"], errors: OWNER, params: org }) },
      [`${E}/sync-runs`]: { get: operation({ summary: "Run history, newest first", ok: [200, "SyncRuns"], errors: [...OWNER, 422], params: org, query: ["server_id", ...paging], headers: ["link"] }) },
      [`${E}/usage-history`]: { get: operation({ summary: "Weekly usage points", ok: [200, "UsageHistory"], errors: OWNER, params: org }) },
      [`${E}/identity-mappings`]: {
        get: operation({ summary: "The identity mappings", ok: [200, "IdentityMappings"], errors: OWNER, params: org }),
        put: operation({ summary: "Replace the identity mappings (CSV)", ok: [200, "MappingsReplaced"], errors: [...OWNER, 413, 415, 422], params: org, body: "text/csv" }),
      },
      [`${E}/audit-log`]: { get: operation({ summary: "Audit trail, newest first", ok: [200, "AuditLog"], errors: [...OWNER, 422], params: org, query: ["action", "actor", ...paging], headers: ["link"] }) },
      "/api/openapi.json": { get: operation({ summary: "This description", ok: [200, "OpenApiDocument"], errors: [], access: "public" }) },
      "/healthz": { get: operation({ summary: "Liveness", ok: [200, "Health"], errors: [], access: "public" }) },
      "/readyz": { get: operation({ summary: "Readiness: database reachable, migrations applied", ok: [200, "Readiness"], also: { 503: "Readiness" }, errors: [], access: "public" }) },
      "/metrics": {
        get: operation({ summary: "Prometheus metrics (404 unless METRICS_TOKEN is set)", ok: [200, { "text/plain": { schema: { type: "string" } } }], errors: [401, 404], access: "metrics" }),
      },
      "/license-sync/auth/login": { get: operation({ summary: "Sign in with GitHub: redirect to GitHub's authorize page", ok: [302], errors: [503], query: ["return_to"], access: "public", headers: ["location", "set-cookie"] }) },
      "/license-sync/auth/callback": {
        get: operation({ summary: "GitHub's OAuth callback: session cookie, back to the dashboard", ok: [302], errors: [400, 502, 503], query: ["code", "state"], access: "public", headers: ["location", "set-cookie"] }),
      },
      "/license-sync/auth/session": { get: operation({ summary: "Who is signed in, and the session's CSRF token", ok: [200, "Session"], errors: [401], access: "session" }) },
      "/license-sync/auth/logout": {
        post: operation({ summary: "Sign out (CSRF token in the _csrf field or X-CSRF-Token)", ok: [303], errors: [403], access: "session", body: "application/x-www-form-urlencoded", headers: ["location", "set-cookie"] }),
      },
    },
  };
}
