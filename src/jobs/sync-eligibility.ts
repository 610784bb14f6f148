// Whether a server (or an installation's cloud side) may be pulled now, and if not, why: asked
// when a sync is queued and again when it starts, since either may change in between.
import type { SqlSession } from "../db/sql-client.js";

export type Eligibility = { installationId: number; refusal: string | null };

type InstallationState = { verification: string; suspended_at: Date | null; deleted_at: Date | null };

function installationRefusal(row: InstallationState): string | null {
  if (row.deleted_at) return "the app was uninstalled from this organization";
  if (row.suspended_at) return "the installation is suspended";
  if (row.verification !== "verified") return `the installation is not verified (${row.verification})`;
  return null;
}

/** null when the server does not exist. */
export async function serverEligibility(sql: SqlSession, serverId: string): Promise<Eligibility | null> {
  const [row] = await sql.query<
    InstallationState & { installation_id: number; license_sync: string; has_token: boolean; paused_reason: string | null }
  >(
    `SELECT s.installation_id, s.license_sync, s.token_sealed IS NOT NULL AS has_token, s.paused_reason,
            i.verification, i.suspended_at, i.deleted_at
       FROM ghes_servers s JOIN installations i ON i.id = s.installation_id
      WHERE s.id = $1`,
    [serverId],
  );
  if (!row) return null;
  const refusal =
    installationRefusal(row) ??
    (row.license_sync !== "enabled"
      ? "license sync is disabled for this server"
      : !row.has_token
        ? "the server is upload-only (no token is stored)"
        : row.paused_reason
          ? `the server is paused: ${row.paused_reason}`
          : null);
  return { installationId: row.installation_id, refusal };
}

/** null when the installation does not exist. */
export async function cloudEligibility(sql: SqlSession, installationId: number): Promise<Eligibility | null> {
  const [row] = await sql.query<InstallationState>(
    `SELECT verification, suspended_at, deleted_at FROM installations WHERE id = $1`,
    [installationId],
  );
  return row ? { installationId, refusal: installationRefusal(row) } : null;
}
