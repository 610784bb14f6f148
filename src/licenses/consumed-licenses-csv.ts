// The license-usage CSV export with GHEC's snake_case columns. Two columns are named differently
// from the JSON keys (as in GitHub's export): `github_com_enterprise_role` and
// `enterprise_server_primary_emails`. Lists are joined with ", ".
type JsonRow = Record<string, unknown>;

export const CSV_COLUMNS: ReadonlyArray<readonly [column: string, jsonKey: string]> = [
  ["github_com_login", "github_com_login"],
  ["github_com_name", "github_com_name"],
  ["github_com_profile", "github_com_profile"],
  ["github_com_user", "github_com_user"],
  ["github_com_member_roles", "github_com_member_roles"],
  ["github_com_enterprise_role", "github_com_enterprise_roles"],
  ["github_com_verified_domain_emails", "github_com_verified_domain_emails"],
  ["github_com_saml_name_id", "github_com_saml_name_id"],
  ["github_com_orgs_with_pending_invites", "github_com_orgs_with_pending_invites"],
  ["github_com_two_factor_auth", "github_com_two_factor_auth"],
  ["visual_studio_subscription_user", "visual_studio_subscription_user"],
  ["visual_studio_subscription_email", "visual_studio_subscription_email"],
  ["visual_studio_license_status", "visual_studio_license_status"],
  ["license_type", "license_type"],
  ["enterprise_server_user", "enterprise_server_user"],
  ["enterprise_server_primary_emails", "enterprise_server_emails"],
  ["enterprise_server_user_ids", "enterprise_server_user_ids"],
  ["total_user_accounts", "total_user_accounts"],
];

export function csvHeader(): string {
  return `${CSV_COLUMNS.map(([column]) => column).join(",")}\r\n`;
}

export function csvLine(row: JsonRow): string {
  return `${CSV_COLUMNS.map(([, key]) => csvCell(row[key])).join(",")}\r\n`;
}

function csvCell(value: unknown): string {
  let text = Array.isArray(value) ? value.join(", ") : value === null || value === undefined ? "" : String(value);
  // A cell that a spreadsheet would run as a formula is quoted as text (names are user-controlled).
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
