// One person's row in GitHub's `consumed-licenses` shape. GitHub writes "" (not null) for the text
// fields of a person without a GitHub account, so the row does too; only the two-factor state,
// which GitHub's schema allows to be null, is null when unknown.
import type { GhesPerson } from "./group-ghes-accounts.js";
import type { CloudPerson, ConsumedLicenseRow, CountedLicense, Match } from "./license-types.js";

const MEMBER_ROLE_NAMES: Record<CloudPerson["role"], string | null> = {
  owner: "Owner",
  member: "Member",
  outside_collaborator: "Outside collaborator",
  pending_invitation: null,
};

export type RowParts = {
  org: string;
  githubWebUrl: string;
  person: CloudPerson | null;
  ghesPeople: GhesPerson[];
  samlNameId: string | null;
  match: Match;
};

export function consumedLicenseRow({ org, githubWebUrl, person, ghesPeople, samlNameId, match }: RowParts): CountedLicense {
  const login = person?.login ?? null;
  const accounts = ghesPeople.flatMap((p) => p.accounts);
  const roleName = person ? MEMBER_ROLE_NAMES[person.role] : null;
  const row: ConsumedLicenseRow = {
    github_com_login: login ?? "",
    github_com_name: person?.name ?? "",
    enterprise_server_user_ids: accounts.map((a) => `${a.hostname}:${a.ghesId}`),
    github_com_user: login !== null,
    enterprise_server_user: accounts.length > 0,
    visual_studio_subscription_user: false,
    license_type: "enterprise",
    github_com_profile: login !== null ? `${githubWebUrl}/${login}` : "",
    github_com_member_roles: roleName ? [`${org}:${roleName}`] : [],
    github_com_enterprise_roles: [],
    github_com_verified_domain_emails: person?.verifiedDomainEmails ?? [],
    github_com_saml_name_id: samlNameId ?? "",
    github_com_orgs_with_pending_invites: person?.role === "pending_invitation" ? [org] : [],
    github_com_two_factor_auth: person?.twoFactor ?? null,
    enterprise_server_emails: ghesPeople.flatMap((p) => (p.email !== null ? [p.email] : [])),
    visual_studio_license_status: "",
    visual_studio_subscription_email: "",
    total_user_accounts: (login !== null ? 1 : 0) + accounts.length,
    match,
  };
  const words = [
    login,
    person?.name,
    person?.publicEmail,
    person?.invitationEmail,
    ...(person?.verifiedDomainEmails ?? []),
    ...accounts.map((a) => a.login),
    ...row.enterprise_server_emails,
  ];
  return { row, searchText: searchTextOf(words) };
}

/** The distinct words, lower-cased, in their first order. */
function searchTextOf(words: Array<string | null | undefined>): string {
  const distinct = new Set<string>();
  for (const word of words) if (word) distinct.add(word.toLowerCase());
  return [...distinct].join(" ");
}
