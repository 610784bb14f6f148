// Puts a new user list of one GHES server in force. The users are written in batches under a new
// snapshot first; only then, in one short transaction, does the server point at it and the old
// snapshot go. Until that moment the previous list stays in force, and a failure on the way
// removes the partial snapshot.
import { randomUUID } from "node:crypto";
import type { SqlClient } from "../db/sql-client.js";
import { tidyAfterBulkWrite } from "../db/tidy-after-bulk-write.js";
import type { GhesUserRow } from "./ghes-user-row.js";
import { insertColumns, type Column } from "./insert-columns.js";

export type SnapshotSource = "synced" | "uploaded";
export type ReplaceOptions = { source: SnapshotSource; runId?: string | null; batchSize?: number };
export type ReplaceResult = { snapshotId: string; userCount: number; previousSnapshotId: string | null };

export class ServerGoneError extends Error {
  constructor(serverId: string) {
    super(`GHES server ${serverId} no longer exists; its user list was not stored`);
    this.name = "ServerGoneError";
  }
}

const USER_COLUMNS: Column[] = [
  { name: "ghes_id", type: "int4" },
  { name: "login", type: "text" },
  { name: "email", type: "text" },
  { name: "email_normalized", type: "text" },
  { name: "role", type: "text" },
  { name: "suspended", type: "bool" },
  { name: "dormant", type: "bool" },
  { name: "created_on_ghes", type: "timestamptz" },
  { name: "last_active", type: "timestamptz" },
  { name: "raw_login", type: "text" },
  { name: "two_factor", type: "bool" },
];

/** Snapshots left behind by a crashed process are removed by a later replacement after this long. */
const ORPHAN_AGE = "1 day";

async function insertUsers(sql: SqlClient, snapshotId: string, batch: GhesUserRow[]): Promise<void> {
  const iso = (date: Date | null) => (date === null ? null : date.toISOString());
  await insertColumns(sql, "ghes_users", [{ name: "snapshot_id", type: "text", value: snapshotId }], USER_COLUMNS, [
    batch.map((u) => u.ghesId),
    batch.map((u) => u.login),
    batch.map((u) => u.email),
    batch.map((u) => u.emailNormalized),
    batch.map((u) => u.role),
    batch.map((u) => u.suspended),
    batch.map((u) => u.dormant),
    batch.map((u) => iso(u.createdOnGhes)),
    batch.map((u) => iso(u.lastActive)),
    batch.map((u) => u.rawLogin),
    batch.map((u) => u.twoFactor),
  ]);
}

export async function replaceServerSnapshot(
  db: { sql: SqlClient },
  serverId: string,
  rows: AsyncIterable<GhesUserRow> | Iterable<GhesUserRow>,
  options: ReplaceOptions,
): Promise<ReplaceResult> {
  const { sql } = db;
  const batchSize = options.batchSize ?? 5000;
  const snapshotId = randomUUID();
  const [server] = await sql.query(`SELECT 1 FROM ghes_servers WHERE id = $1`, [serverId]);
  if (!server) throw new ServerGoneError(serverId);
  await sql.query(`INSERT INTO user_snapshots (id, server_id, run_id, source) VALUES ($1, $2, $3, $4)`, [
    snapshotId,
    serverId,
    options.runId ?? null,
    options.source,
  ]);
  try {
    let userCount = 0;
    let batch: GhesUserRow[] = [];
    for await (const row of rows) {
      batch.push(row);
      if (batch.length >= batchSize) {
        await insertUsers(sql, snapshotId, batch);
        userCount += batch.length;
        batch = [];
      }
    }
    await insertUsers(sql, snapshotId, batch);
    userCount += batch.length;

    const replaced = await sql.transaction(async (tx) => {
      const [locked] = await tx.query<{ current_snapshot_id: string | null }>(
        `SELECT current_snapshot_id FROM ghes_servers WHERE id = $1 FOR UPDATE`,
        [serverId],
      );
      if (!locked) throw new ServerGoneError(serverId);
      await tx.query(`UPDATE user_snapshots SET user_count = $2 WHERE id = $1`, [snapshotId, userCount]);
      await tx.query(
        `UPDATE ghes_servers SET current_snapshot_id = $2, last_sync_source = $3, updated_at = now() WHERE id = $1`,
        [serverId, snapshotId, options.source],
      );
      const deleted = await tx.query(
        `DELETE FROM user_snapshots WHERE server_id = $1 AND id <> $2
           AND (id = $3 OR created_at < now() - interval '${ORPHAN_AGE}') RETURNING id`,
        [serverId, snapshotId, locked.current_snapshot_id],
      );
      return { previousSnapshotId: locked.current_snapshot_id, deleted: deleted.length > 0 };
    });
    await tidyAfterBulkWrite(sql, "ghes_users", ["snapshot_id", "ghes_id", "suspended"], { deleted: replaced.deleted });
    return { snapshotId, userCount, previousSnapshotId: replaced.previousSnapshotId };
  } catch (error) {
    await sql.query(`DELETE FROM user_snapshots WHERE id = $1`, [snapshotId]).catch(() => undefined);
    throw error;
  }
}
