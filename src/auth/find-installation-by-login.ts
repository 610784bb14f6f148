// The installation an API path or dashboard URL names (`{enterprise}`): the newest live one with
// that login, in any case. Every owner request asks it first, so it is one raw statement: through
// Prisma, its query compiler cost more CPU than the query itself (see `npm run bench:load`).
import type { Installation } from "@prisma/client";
import type { SqlSession } from "../db/sql-client.js";

type InstallationRow = Omit<Installation, "githubInstallationId" | "accountId"> & { githubInstallationId: string; accountId: string };

export async function findInstallationByLogin(sql: SqlSession, login: string): Promise<Installation | null> {
  const [row] = await sql.query<InstallationRow>(
    `SELECT id, github_installation_id::text AS "githubInstallationId", account_id::text AS "accountId", login,
            account_type AS "accountType", verification, verification_error AS "verificationError",
            verified_at AS "verifiedAt", installed_by AS "installedBy", suspended_at AS "suspendedAt",
            deleted_at AS "deletedAt", purge_after AS "purgeAfter", current_cloud_snapshot_id AS "currentCloudSnapshotId",
            current_recount_id AS "currentRecountId", created_at AS "createdAt", updated_at AS "updatedAt"
       FROM installations
      WHERE lower(login) = lower($1) AND deleted_at IS NULL AND verification <> 'deleted'
      ORDER BY created_at DESC
      LIMIT 1`,
    [login],
  );
  if (!row) return null;
  return { ...row, githubInstallationId: BigInt(row.githubInstallationId), accountId: BigInt(row.accountId) };
}
