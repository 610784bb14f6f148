// Puts a new pull of the organization's people in force: members and identities are written in
// batches under a new cloud snapshot, then one transaction points the installation at it and
// deletes the old one. A failure on the way leaves the previous snapshot in force.
import { randomUUID } from "node:crypto";
import type { SqlClient } from "../db/sql-client.js";
import { tidyAfterBulkWrite } from "../db/tidy-after-bulk-write.js";
import { insertColumns, type Column } from "../sync/insert-columns.js";
import type { CloudIdentity, CloudPerson, CloudPull } from "./cloud-people.js";

// `unnest` flattens arrays of arrays, so list-valued columns travel as JSON text, one per row.
const jsonTextArray = (column: string) => `ARRAY(SELECT jsonb_array_elements_text(u."${column}"::jsonb))`;

const MEMBER_COLUMNS: Column[] = [
  { name: "login", type: "text" },
  { name: "github_id", type: "int8" },
  { name: "name", type: "text" },
  { name: "role", type: "text" },
  { name: "public_email", type: "text" },
  { name: "verified_domain_emails", type: "text", select: jsonTextArray("verified_domain_emails") },
  { name: "invitation_email", type: "text" },
  { name: "two_factor", type: "bool" },
];

const IDENTITY_COLUMNS: Column[] = [
  { name: "login", type: "text" },
  { name: "saml_name_id", type: "text" },
  { name: "saml_username", type: "text" },
  { name: "scim_username", type: "text" },
  { name: "emails", type: "text", select: jsonTextArray("emails") },
];

const BATCH = 5000;
const ORPHAN_AGE = "1 day";

async function insertPeople(sql: SqlClient, snapshotId: string, people: CloudPerson[]): Promise<void> {
  for (let i = 0; i < people.length; i += BATCH) {
    const batch = people.slice(i, i + BATCH);
    await insertColumns(sql, "cloud_members", [{ name: "snapshot_id", type: "text", value: snapshotId }], MEMBER_COLUMNS, [
      batch.map((p) => p.login),
      batch.map((p) => (p.githubId === null ? null : String(p.githubId))),
      batch.map((p) => p.name),
      batch.map((p) => p.role),
      batch.map((p) => p.publicEmail),
      batch.map((p) => JSON.stringify(p.verifiedDomainEmails)),
      batch.map((p) => p.invitationEmail),
      batch.map((p) => p.twoFactor),
    ]);
  }
}

async function insertIdentities(sql: SqlClient, snapshotId: string, identities: CloudIdentity[]): Promise<void> {
  for (let i = 0; i < identities.length; i += BATCH) {
    const batch = identities.slice(i, i + BATCH);
    await insertColumns(sql, "cloud_identities", [{ name: "snapshot_id", type: "text", value: snapshotId }], IDENTITY_COLUMNS, [
      batch.map((x) => x.login),
      batch.map((x) => x.samlNameId),
      batch.map((x) => x.samlUsername),
      batch.map((x) => x.scimUsername),
      batch.map((x) => JSON.stringify(x.emails)),
    ]);
  }
}

export async function replaceCloudSnapshot(
  db: { sql: SqlClient },
  installationId: number,
  pull: CloudPull,
  options: { runId?: string | null } = {},
): Promise<{ snapshotId: string; previousSnapshotId: string | null }> {
  const { sql } = db;
  const snapshotId = randomUUID();
  const limitations = Object.keys(pull.limitations).length > 0 ? JSON.stringify(pull.limitations) : null;
  await sql.query(
    `INSERT INTO cloud_snapshots (id, installation_id, run_id, limitations, member_count) VALUES ($1, $2, $3, $4::jsonb, $5)`,
    [snapshotId, installationId, options.runId ?? null, limitations, pull.people.length],
  );
  try {
    await insertPeople(sql, snapshotId, pull.people);
    await insertIdentities(sql, snapshotId, pull.identities);
    const replaced = await sql.transaction(async (tx) => {
      const [locked] = await tx.query<{ current_cloud_snapshot_id: string | null }>(
        `SELECT current_cloud_snapshot_id FROM installations WHERE id = $1 FOR UPDATE`,
        [installationId],
      );
      if (!locked) throw new Error(`installation ${installationId} no longer exists; the organization's people were not stored`);
      await tx.query(`UPDATE installations SET current_cloud_snapshot_id = $2, updated_at = now() WHERE id = $1`, [installationId, snapshotId]);
      const deleted = await tx.query(
        `DELETE FROM cloud_snapshots WHERE installation_id = $1 AND id <> $2
           AND (id = $3 OR created_at < now() - interval '${ORPHAN_AGE}') RETURNING id`,
        [installationId, snapshotId, locked.current_cloud_snapshot_id],
      );
      return { previousSnapshotId: locked.current_cloud_snapshot_id, deleted: deleted.length > 0 };
    });
    await tidyAfterBulkWrite(sql, "cloud_members", ["snapshot_id", "id"], { deleted: replaced.deleted });
    await tidyAfterBulkWrite(sql, "cloud_identities", ["snapshot_id", "id"], { deleted: replaced.deleted });
    return { snapshotId, previousSnapshotId: replaced.previousSnapshotId };
  } catch (error) {
    await sql.query(`DELETE FROM cloud_snapshots WHERE id = $1`, [snapshotId]).catch(() => undefined);
    throw error;
  }
}
