// Everything the license count needs, read from the snapshots in force: the users of every GHES
// server's current snapshot, the organization's people and identities of the current cloud
// snapshot, and the owners' identity mappings.
//
// The large tables are read in keyset pages, each page one JSON document (`json_agg` of one array
// per row) parsed by JSON.parse: on PGlite that is about three times cheaper than receiving the
// same rows as result rows, whose every field the driver decodes on its own.
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

// A page's text and its parsed rows are garbage as soon as the page is read; pages of 4,000 rows
// keep that garbage small next to the accounts kept, at the same speed as 20,000.
const PAGE = 4_000;

export class InstallationGoneError extends Error {
  constructor(installationId: number) {
    super(`installation ${installationId} does not exist`);
    this.name = "InstallationGoneError";
  }
}

/**
 * Rows of `table` matching `where` (parameters `$1…` are `params`), in `key` order, each as the
 * JSON array of `columns`; `key` must be an integer column unique within the rows read.
 */
export async function* readJsonPages<T extends unknown[]>(
  sql: SqlSession,
  table: string,
  columns: string[],
  where: string,
  params: readonly unknown[],
  key: string,
): AsyncGenerator<T[]> {
  const text = `SELECT json_agg(json_build_array(${columns.join(", ")}) ORDER BY ${key})::text AS page, count(*)::int AS n, max(${key}) AS last
      FROM (SELECT * FROM ${table} WHERE ${where} AND ${key} > $${params.length + 1} ORDER BY ${key} LIMIT ${PAGE}) AS p`;
  for (let after = -1; ; ) {
    const [result] = await sql.query<{ page: string | null; n: number; last: number | null }>(text, [...params, after]);
    if (!result || result.n === 0) return;
    yield JSON.parse(result.page!) as T[];
    if (result.n < PAGE) return;
    after = Number(result.last);
  }
}

type GhesTuple = [ghesId: number, login: string, email: string | null, emailNormalized: string | null];
type MemberTuple = [login: string | null, githubId: number | null, name: string | null, role: string, publicEmail: string | null, verified: string[] | null, invitationEmail: string | null, twoFactor: boolean | null];
type IdentityTuple = [login: string | null, samlNameId: string | null, samlUsername: string | null, scimUsername: string | null, emails: string[] | null];

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
    // Suspended users never count, so they are not read.
    const pages = readJsonPages<GhesTuple>(sql, "ghes_users", ["ghes_id", "login", "email", "email_normalized"], "snapshot_id = $1 AND NOT suspended", [server.current_snapshot_id], "ghes_id");
    for await (const page of pages) {
      for (const [ghesId, login, email, emailNormalized] of page) {
        // Most primary emails are stored lower-case already: one string then serves as both.
        const normalized = emailNormalized === email ? email : emailNormalized;
        ghesAccounts.push({ hostname: server.hostname, ghesId, login, email, emailNormalized: normalized });
      }
    }
  }

  const snapshotId = installation.current_cloud_snapshot_id;
  const cloudPeople: CloudPerson[] = [];
  const identities: CloudIdentity[] = [];
  if (snapshotId) {
    const memberColumns = ["login", "github_id", "name", "role", "public_email", "verified_domain_emails", "invitation_email", "two_factor"];
    for await (const page of readJsonPages<MemberTuple>(sql, "cloud_members", memberColumns, "snapshot_id = $1", [snapshotId], "id")) {
      for (const [login, githubId, name, role, publicEmail, verified, invitationEmail, twoFactor] of page) {
        cloudPeople.push({
          login,
          githubId: githubId === null ? null : Number(githubId),
          name,
          role: role as CloudRole,
          publicEmail,
          verifiedDomainEmails: verified ?? [],
          invitationEmail,
          twoFactor,
        });
      }
    }
    const identityColumns = ["login", "saml_name_id", "saml_username", "scim_username", "emails"];
    for await (const page of readJsonPages<IdentityTuple>(sql, "cloud_identities", identityColumns, "snapshot_id = $1", [snapshotId], "id")) {
      for (const [login, samlNameId, samlUsername, scimUsername, emails] of page) {
        identities.push({ login, samlNameId, samlUsername, scimUsername, emails: emails ?? [] });
      }
    }
  }
  const mappings = await sql.query<{ server_key: string; github_login: string }>(
    `SELECT server_key, github_login FROM identity_mappings WHERE installation_id = $1 ORDER BY server_key`,
    [installationId],
  );

  return {
    org: installation.login,
    servers: servers.map((s) => ({ id: s.id, hostname: s.hostname, license: s.license })),
    ghesAccounts,
    cloudPeople,
    identities,
    mappings: mappings.map((m) => ({ serverKey: m.server_key, githubLogin: m.github_login })),
    cloudSnapshotId: snapshotId,
  };
}
