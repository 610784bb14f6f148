// The two GHEC-shaped answers (consumed-licenses, license-sync-status) as JSON Schema. They follow
// GitHub's published description (test/fixtures/ghec/*.schema.json, extracted from
// @octokit/openapi by scripts/extract-ghec-schemas.mjs) property for property, and say more:
// every property GitHub lists is always present here, with no null where GitHub's allows none.
// Two documented differences (docs/api.md): `total_seats_purchased` may be a word such as
// "unlimited", as GHES states it; `last_sync` is absent for a server that never synced.
import { MATCH_RULES } from "../../licenses/license-types.js";

const text = { type: "string" };
const texts = { type: "array", items: text };
const dateTime = { type: "string", format: "date-time" };

const consumedLicenseRow = {
  type: "object",
  required: [
    "github_com_login", "github_com_name", "enterprise_server_user_ids", "github_com_user", "enterprise_server_user",
    "visual_studio_subscription_user", "license_type", "github_com_profile", "github_com_member_roles",
    "github_com_enterprise_roles", "github_com_verified_domain_emails", "github_com_saml_name_id",
    "github_com_orgs_with_pending_invites", "github_com_two_factor_auth", "enterprise_server_emails",
    "visual_studio_license_status", "visual_studio_subscription_email", "total_user_accounts",
  ],
  properties: {
    github_com_login: { ...text, description: `"" for a person without a GitHub account` },
    github_com_name: text,
    enterprise_server_user_ids: { ...texts, description: `"hostname:user-id" of each matched GHES account` },
    github_com_user: { type: "boolean" },
    enterprise_server_user: { type: "boolean" },
    visual_studio_subscription_user: { type: "boolean" },
    license_type: text,
    github_com_profile: text,
    github_com_member_roles: { ...texts, description: `"{org}:Owner", "{org}:Member"…` },
    github_com_enterprise_roles: texts,
    github_com_verified_domain_emails: texts,
    github_com_saml_name_id: text,
    github_com_orgs_with_pending_invites: texts,
    github_com_two_factor_auth: { type: ["boolean", "null"] },
    enterprise_server_emails: texts,
    visual_studio_license_status: text,
    visual_studio_subscription_email: text,
    total_user_accounts: { type: "integer", minimum: 0 },
    match: {
      type: "object",
      description: "not GitHub's: why accounts were joined or left apart",
      required: ["rule", "detail"],
      properties: { rule: { enum: [...MATCH_RULES] }, detail: text },
    },
  },
};

export const ghecSchemas = {
  ConsumedLicenses: {
    type: "object",
    required: ["total_seats_consumed", "total_seats_purchased", "users"],
    properties: {
      total_seats_consumed: { type: "integer", minimum: 0 },
      total_seats_purchased: { type: ["integer", "string"], description: `GitHub's integer; a word such as "unlimited" when the GHES license says so` },
      users: { type: "array", items: consumedLicenseRow },
    },
  },
  LicenseSyncStatus: {
    type: "object",
    required: ["server_instances", "github_com"],
    properties: {
      server_instances: {
        type: "array",
        items: {
          type: "object",
          required: ["server_id", "hostname"],
          properties: {
            server_id: text,
            hostname: text,
            last_sync: {
              type: "object",
              description: "absent until the server's first sync or upload",
              required: ["date", "status", "error"],
              properties: { date: dateTime, status: { type: "string", enum: ["success", "failed"] }, error: { ...text, description: `"" after a success` } },
            },
          },
        },
      },
      github_com: {
        type: "object",
        description: "not GitHub's: the organization's last pull and what it could not read",
        required: ["last_sync", "limitations"],
        properties: {
          last_sync: { oneOf: [{ type: "null" }, { type: "object", required: ["date"], properties: { date: dateTime } }] },
          limitations: { type: "object", additionalProperties: text },
        },
      },
    },
  },
};
