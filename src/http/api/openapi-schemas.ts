// The JSON Schemas (OpenAPI 3.1 = JSON Schema 2020-12) of the app's own API responses, kept in
// one place so the description and the test that holds responses to it read the same text.
import { ghecSchemas } from "./openapi-ghec-schemas.js";

const nullable = (type: string, extra: Record<string, unknown> = {}) => ({ type: [type, "null"], ...extra });
const dateTime = { type: "string", format: "date-time" };

export const schemas = {
  ...ghecSchemas,
  Error: {
    type: "object",
    additionalProperties: false,
    required: ["message"],
    properties: {
      message: { type: "string" },
      errors: { type: "array", items: { type: "object", required: ["path", "message"], properties: { path: { type: "string" }, message: { type: "string" } } } },
    },
  },
  Server: {
    type: "object",
    additionalProperties: false,
    required: ["id", "hostname", "api_url", "version", "license_sync", "mode", "registered_by", "created_at", "last_sync"],
    properties: {
      id: { type: "string" },
      hostname: { type: "string" },
      api_url: { type: "string" },
      version: nullable("string"),
      license_sync: { enum: ["enabled", "disabled"] },
      mode: { enum: ["api", "upload-only"] },
      registered_by: { type: "string" },
      created_at: dateTime,
      last_sync: {
        type: "object",
        additionalProperties: false,
        required: ["date", "error"],
        properties: { date: nullable("string", { format: "date-time" }), status: { enum: ["success", "failed"] }, error: { type: "string" } },
      },
    },
  },
  ServerList: { type: "object", required: ["servers"], properties: { servers: { type: "array", items: { $ref: "#/components/schemas/Server" } } } },
  SyncRun: {
    type: "object",
    additionalProperties: false,
    required: ["id", "server_id", "kind", "target", "status", "queued_at", "started_at", "finished_at", "users_seen", "error", "next_retry_at"],
    properties: {
      id: { type: "string" },
      server_id: nullable("string"),
      kind: { enum: ["scheduled", "manual", "upload"] },
      target: { type: "string" },
      status: { enum: ["queued", "running", "success", "failed"] },
      queued_at: dateTime,
      started_at: nullable("string", { format: "date-time" }),
      finished_at: nullable("string", { format: "date-time" }),
      users_seen: nullable("integer"),
      error: nullable("string"),
      next_retry_at: nullable("string", { format: "date-time" }),
    },
  },
  SyncRuns: {
    type: "object",
    required: ["total_count", "sync_runs"],
    properties: { total_count: { type: "integer" }, sync_runs: { type: "array", items: { $ref: "#/components/schemas/SyncRun" } } },
  },
  QueuedRun: { type: "object", additionalProperties: false, required: ["id", "status"], properties: { id: { type: "string" }, status: { const: "queued" } } },
  /** The answer to an upload (202): what was received, before it is read. */
  UploadReceipt: {
    type: "object",
    additionalProperties: false,
    required: ["id", "name", "state"],
    properties: { id: { type: "string" }, name: { type: "string" }, state: { const: "PENDING" } },
  },
  Upload: {
    type: "object",
    additionalProperties: false,
    required: ["id", "name", "state", "error", "rows", "created_at"],
    properties: {
      id: { type: "string" },
      name: { type: "string" },
      state: { enum: ["PENDING", "SUCCESS", "FAILURE"] },
      error: nullable("string"),
      rows: nullable("integer"),
      created_at: dateTime,
    },
  },
  UploadList: { type: "object", required: ["usage_uploads"], properties: { usage_uploads: { type: "array", items: { $ref: "#/components/schemas/Upload" } } } },
  UsageHistory: {
    type: "object",
    required: ["usage"],
    properties: {
      usage: {
        type: "array",
        items: {
          type: "object",
          required: ["date", "consumed", "purchased"],
          properties: { date: { type: "string", format: "date" }, consumed: { type: "integer" }, purchased: { type: ["integer", "string", "null"] }, per_deployment: {} },
        },
      },
    },
  },
  AuditEntry: {
    type: "object",
    additionalProperties: false,
    required: ["id", "at", "actor", "action", "target", "request_id", "client_ip", "details"],
    properties: {
      id: { type: "string" },
      at: dateTime,
      actor: { type: "string" },
      action: { type: "string" },
      target: nullable("string"),
      request_id: nullable("string"),
      client_ip: nullable("string"),
      details: {},
    },
  },
  AuditLog: {
    type: "object",
    additionalProperties: false,
    required: ["total_count", "audit_entries"],
    properties: { total_count: { type: "integer" }, audit_entries: { type: "array", items: { $ref: "#/components/schemas/AuditEntry" } } },
  },
  IdentityMappings: {
    type: "object",
    required: ["identity_mappings"],
    properties: {
      identity_mappings: {
        type: "array",
        items: {
          type: "object",
          additionalProperties: false,
          required: ["enterprise_server_login_or_email", "github_com_login", "uploaded_by"],
          properties: { enterprise_server_login_or_email: { type: "string" }, github_com_login: { type: "string" }, uploaded_by: { type: "string" } },
        },
      },
    },
  },
  MappingsReplaced: { type: "object", additionalProperties: false, required: ["mappings"], properties: { mappings: { type: "integer", minimum: 0 } } },
  Session: {
    type: "object",
    additionalProperties: false,
    required: ["login", "csrf_token", "expires_at"],
    properties: { login: { type: "string" }, csrf_token: { type: "string" }, expires_at: dateTime },
  },
  Health: { type: "object", required: ["status"], properties: { status: { const: "ok" } } },
  Readiness: {
    type: "object",
    required: ["status", "database"],
    properties: {
      status: { enum: ["ready", "unavailable"] },
      database: { enum: ["reachable", "unreachable"] },
      migrations: { const: "applied" },
      pending_migrations: { type: "array", items: { type: "string" } },
    },
  },
  OpenApiDocument: { type: "object", required: ["openapi", "info", "paths"], properties: { openapi: { const: "3.1.0" }, info: { type: "object" }, paths: { type: "object" } } },
} as const;
