// A consumed-license row as the database keeps it: only what differs from person to person, as one
// JSON array, and the GHEC-shaped row rebuilt from it when read. GitHub's shape repeats constants
// (license type, the Visual Studio fields, empty enterprise roles) and values that follow from
// others (whether the person has a GitHub account, how many accounts): written out, 200,000 rows
// are about four times the bytes, and on the embedded database the bytes are most of a recount's
// time (heap and WAL writes in WebAssembly).
import type { ConsumedLicenseRow, MatchRule } from "./license-types.js";

export type StoredLicenseRow = [
  login: string,
  name: string,
  serverUserIds: string[],
  profile: string,
  memberRoles: string[],
  verifiedDomainEmails: string[],
  samlNameId: string,
  orgsWithPendingInvites: string[],
  twoFactor: boolean | null,
  serverEmails: string[],
  matchRule: MatchRule,
  matchDetail: string,
];

/** Where the GHES accounts (`hostname:id`) are in a stored row, for SQL that filters on them. */
export const STORED_SERVER_USER_IDS = 2;

export function packLicenseRow(row: ConsumedLicenseRow): StoredLicenseRow {
  return [
    row.github_com_login,
    row.github_com_name,
    row.enterprise_server_user_ids,
    row.github_com_profile,
    row.github_com_member_roles,
    row.github_com_verified_domain_emails,
    row.github_com_saml_name_id,
    row.github_com_orgs_with_pending_invites,
    row.github_com_two_factor_auth,
    row.enterprise_server_emails,
    row.match.rule,
    row.match.detail,
  ];
}

export function unpackLicenseRow(stored: StoredLicenseRow): ConsumedLicenseRow {
  const [login, name, serverUserIds, profile, memberRoles, verifiedDomainEmails, samlNameId, pendingInvites, twoFactor, serverEmails, rule, detail] = stored;
  return {
    github_com_login: login,
    github_com_name: name,
    enterprise_server_user_ids: serverUserIds,
    github_com_user: login !== "",
    enterprise_server_user: serverUserIds.length > 0,
    visual_studio_subscription_user: false,
    license_type: "enterprise",
    github_com_profile: profile,
    github_com_member_roles: memberRoles,
    github_com_enterprise_roles: [],
    github_com_verified_domain_emails: verifiedDomainEmails,
    github_com_saml_name_id: samlNameId,
    github_com_orgs_with_pending_invites: pendingInvites,
    github_com_two_factor_auth: twoFactor,
    enterprise_server_emails: serverEmails,
    visual_studio_license_status: "",
    visual_studio_subscription_email: "",
    total_user_accounts: (login !== "" ? 1 : 0) + serverUserIds.length,
    match: { rule, detail },
  };
}

/** A stored row as the driver hands it back (parsed JSON, or text from a driver that does not parse). */
export function readStoredLicenseRow(value: unknown): ConsumedLicenseRow {
  return unpackLicenseRow((typeof value === "string" ? JSON.parse(value) : value) as StoredLicenseRow);
}
