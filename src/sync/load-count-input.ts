// Everything the license count needs, read from the snapshots in force: the users of every GHES
// server's current snapshot, the organization's people and identities of the current cloud
// snapshot, and the owners' identity mappings.
import type { SqlSession } from "../db/sql-client.js";
import type { CloudIdentity, CloudPerson, CloudRole } from "../cloud/cloud-people.js";
import type { GhesAccount, IdentityMappingInput } from "../licenses/license-types.js";

export type LoadedCountInput = {
  org: string;
  servers: Array<{ id: string; hostname: string; license: unknown }>;
  ghesAccounts: GhesAccount[];
  cloudPeople: CloudPerson[];
  identities: CloudIdentity[];
  mappings: IdentityMappingInput[];
  cloudSnapshotId: string | null;
};

const PAGE = 20_000;

export class InstallationGoneError extends Error {
  constructor(installationId: number) {
    super(`installation ${installationId} does not exist`);
    this.name = "InstallationGoneError";
  }
}

export async function loadCountInput(sql: SqlSession, installationId: number): Promise<LoadedCountInput> {
  const [installation] = await sql.query<{ login: string; current_cloud_snapshot_id: string | null }>(
    `SELECT login, current_cloud_snapshot_id FROM installations WHERE id = $1`,
    [installationId],
  );
  if (!installation) throw new InstallationGoneError(installationId);

  const servers = await sql.query<{ id: string; hostname: string; license: unknown; current_snapshot_id: string | null }>(
    `SELECT id, hostname, license, current_snapshot_id FROM ghes_servers WHERE installation_id = $1 ORDER BY hostname`,
    [installationId],
  );
  const ghesAccounts: GhesAccount[] = [];
  for (const server of servers) {
    if (!server.current_snapshot_id) continue;
    // Keyset pages keep each answer small; suspended users never count, so they are not read.
    for (let after = 0; ; ) {
      const page = await sql.query<{ ghes_id: number; login: string; email: string | null; email_normalized: string | null; dormant: boolean }>(
        `SELECT ghes_id, login, email, email_normalized, dormant FROM ghes_users
          WHERE snapshot_id = $1 AND ghes_id > $2 AND NOT suspended ORDER BY ghes_id LIMIT ${PAGE}`,
        [server.current_snapshot_id, after],
      );
      for (const u of page) {
        ghesAccounts.push({ hostname: server.hostname, ghesId: u.ghes_id, login: u.login, email: u.email, emailNormalized: u.email_normalized, suspended: false, dormant: u.dormant });
      }
      if (page.length < PAGE) break;
      after = page[page.length - 1]!.ghes_id;
    }
  }

  const snapshotId = installation.current_cloud_snapshot_id;
  const members = snapshotId
    ? await sql.query<{ login: string | null; github_id: string | number | null; name: string | null; role: string; public_email: string | null; verified_domain_emails: string[] | null; invitation_email: string | null; two_factor: boolean | null }>(
        `SELECT login, github_id, name, role, public_email, verified_domain_emails, invitation_email, two_factor
           FROM cloud_members WHERE snapshot_id = $1 ORDER BY id`,
        [snapshotId],
      )
    : [];
  const identities = snapshotId
    ? await sql.query<{ login: string | null; saml_name_id: string | null; saml_username: string | null; scim_username: string | null; emails: string[] | null }>(
        `SELECT login, saml_name_id, saml_username, scim_username, emails FROM cloud_identities WHERE snapshot_id = $1 ORDER BY id`,
        [snapshotId],
      )
    : [];
  const mappings = await sql.query<{ server_key: string; github_login: string }>(
    `SELECT server_key, github_login FROM identity_mappings WHERE installation_id = $1 ORDER BY server_key`,
    [installationId],
  );

  return {
    org: installation.login,
    servers: servers.map((s) => ({ id: s.id, hostname: s.hostname, license: s.license })),
    ghesAccounts,
    cloudPeople: members.map((m) => ({
      login: m.login,
      githubId: m.github_id === null ? null : Number(m.github_id),
      name: m.name,
      role: m.role as CloudRole,
      publicEmail: m.public_email,
      verifiedDomainEmails: m.verified_domain_emails ?? [],
      invitationEmail: m.invitation_email,
      twoFactor: m.two_factor,
    })),
    identities: identities.map((i) => ({ login: i.login, samlNameId: i.saml_name_id, samlUsername: i.saml_username, scimUsername: i.scim_username, emails: i.emails ?? [] })),
    mappings: mappings.map((m) => ({ serverKey: m.server_key, githubLogin: m.github_login })),
    cloudSnapshotId: snapshotId,
  };
}
