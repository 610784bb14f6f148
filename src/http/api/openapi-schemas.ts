// The JSON Schemas (OpenAPI 3.1 = JSON Schema 2020-12) of the app's own API responses, kept in
// one place so the description and the test that holds responses to it read the same text.
const nullable = (type: string, extra: Record<string, unknown> = {}) => ({ type: [type, "null"], ...extra });
const dateTime = { type: "string", format: "date-time" };

export const schemas = {
  Error: {
    type: "object",
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
  LicenseSyncStatus: {
    type: "object",
    required: ["server_instances"],
    properties: {
      server_instances: {
        type: "array",
        items: {
          type: "object",
          required: ["server_id", "hostname"],
          properties: {
            server_id: { type: "string" },
            hostname: { type: "string" },
            last_sync: { type: "object", required: ["date", "status", "error"], properties: { date: dateTime, status: { type: "string" }, error: { type: "string" } } },
          },
        },
      },
      github_com: { type: "object" },
    },
  },
  ConsumedLicenses: {
    type: "object",
    required: ["total_seats_consumed", "total_seats_purchased", "users"],
    properties: {
      total_seats_consumed: { type: "integer" },
      total_seats_purchased: { type: ["integer", "string"] },
      users: { type: "array", items: { type: "object" } },
    },
  },
  SyncRun: {
    type: "object",
    required: ["id", "server_id", "kind", "status", "started_at", "finished_at", "users_seen", "error", "next_retry_at"],
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
  Upload: {
    type: "object",
    required: ["id", "name", "state"],
    properties: {
      id: { type: "string" },
      name: { type: "string" },
      state: { enum: ["PENDING", "SUCCESS", "FAILURE"] },
      error: nullable("string"),
      rows: nullable("integer"),
      created_at: dateTime,
    },
  },
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
} as const;
