// Counts the enterprise's consumed licenses from the snapshots in force and puts the count in
// force: the rows are written under a new recount, then one transaction points the installation
// at it, deletes the old one and records the week's usage point.
//
// A weekly count differs little from the last one, so each row carries a hash of its content: a
// row whose hash the count in force already has is copied inside the database (wherever its
// position moved), and only new or changed rows travel from here and are parsed as JSON.
import { hash as digest, randomUUID } from "node:crypto";
import type { SqlClient, SqlSession } from "../db/sql-client.js";
import { planLicenses } from "../licenses/count-licenses.js";
import { DEFAULT_MATCHING, type MatchingSwitches, type Totals } from "../licenses/license-types.js";
import { seatsPurchased, type SeatsPurchased } from "../licenses/seats-purchased.js";
import { packLicenseRow } from "../licenses/stored-license-row.js";
import { InstallationGoneError, loadCountInput, readJsonPages } from "./load-count-input.js";
import { weekStart } from "./week-start.js";

export type RecountOptions = {
  /** the settings file's `matching` switches */
  matching?: MatchingSwitches;
  /** the settings file's `seats` */
  seats?: number | null;
  /** where profiles live (`https://github.com`, or the GHE_HOST web URL) */
  githubWebUrl?: string;
  batchSize?: number;
};

export type RecountResult = {
  recountId: string;
  previousRecountId: string | null;
  totals: Totals;
  purchased: SeatsPurchased;
  weekStart: string;
  /** rows copied unchanged from the previous count / rows sent */
  rowsCopied: number;
  rowsWritten: number;
};

const ORPHAN_AGE = "1 day";

async function countFromSnapshots(sql: SqlClient, installationId: number, options: RecountOptions) {
  const input = await loadCountInput(sql, installationId);
  const serverHostnames = input.servers.map((s) => s.hostname);
  const plan = planLicenses({ ...input, matching: options.matching ?? DEFAULT_MATCHING, githubWebUrl: options.githubWebUrl, serverHostnames });
  return { plan, totals: plan.totals, purchased: seatsPurchased(options.seats, input.servers.map((s) => s.license)), currentRecountId: input.currentRecountId };
}

/** Hash → positions of the rows of a stored count (several when rows are identical). */
async function storedRowHashes(sql: SqlSession, recountId: string | null): Promise<Map<string, number[]>> {
  const byHash = new Map<string, number[]>();
  if (recountId === null) return byHash;
  for await (const page of readJsonPages<[string, number]>(sql, "consumed_licenses", ["row_hash", "ord"], "recount_id = $1 AND row_hash IS NOT NULL", [recountId], "ord")) {
    for (const [hash, ord] of page) {
      const ords = byHash.get(hash);
      if (ords) ords.push(ord);
      else byHash.set(hash, [ord]);
    }
  }
  return byHash;
}

/** Copies rows of `fromRecountId` (old position → new position); answers the positions copied. */
async function copyRows(sql: SqlSession, recountId: string, fromRecountId: string, moves: Array<[number, number]>): Promise<Set<number>> {
  if (moves.length === 0) return new Set();
  const copied = await sql.query<{ ord: number }>(
    `INSERT INTO consumed_licenses (recount_id, ord, github_com_login, match_rule, search_text, "row", row_hash)
     SELECT $1, m.new_ord, c.github_com_login, c.match_rule, c.search_text, c."row", c.row_hash
       FROM unnest($3::int4[], $4::int4[]) AS m(new_ord, old_ord)
       JOIN consumed_licenses c ON c.recount_id = $2 AND c.ord = m.old_ord
     RETURNING ord`,
    [recountId, fromRecountId, moves.map((m) => m[1]), moves.map((m) => m[0])],
  );
  return new Set(copied.map((r) => r.ord));
}

export async function recount(db: { sql: SqlClient }, installationId: number, now: Date, options: RecountOptions = {}): Promise<RecountResult> {
  const { sql } = db;
  const { plan, totals, purchased, currentRecountId } = await countFromSnapshots(sql, installationId, options);
  const purchasedText = purchased === null ? null : String(purchased);
  const perDeployment = JSON.stringify(totals.perDeployment);
  const stored = await storedRowHashes(sql, currentRecountId);

  const recountId = randomUUID();
  await sql.query(
    `INSERT INTO recounts (id, installation_id, computed_at, total_consumed, total_purchased, ghec_only, ghes_only, "both", unmatched, per_deployment)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10::jsonb)`,
    [recountId, installationId, now.toISOString(), totals.consumed, purchasedText, totals.ghecOnly, totals.ghesOnly, totals.both, totals.unmatched, perDeployment],
  );
  let rowsCopied = 0;
  let rowsWritten = 0;
  try {
    const batchSize = options.batchSize ?? 5000;
    // Rows are built a batch at a time, so a large count never holds them all in memory.
    for (let start = 0; start < plan.size; start += batchSize) {
      const end = Math.min(start + batchSize, plan.size);
      const metas: string[] = [];
      const rows: string[] = [];
      const moves: Array<[number, number]> = [];
      for (let ord = start; ord < end; ord++) {
        const license = plan.build(ord);
        const meta = JSON.stringify([license.row.github_com_login, license.row.match.rule, license.searchText]);
        const row = JSON.stringify(packLicenseRow(license.row));
        const hash = digest("sha256", meta + row, "base64");
        metas.push(`[${ord},"${hash}",${meta.slice(1)}`);
        rows.push(row);
        const old = stored.get(hash)?.pop();
        if (old !== undefined) moves.push([old, ord]);
      }
      // A row the previous count no longer has (a concurrent purge) is simply sent.
      const copied = currentRecountId === null ? new Set<number>() : await copyRows(sql, recountId, currentRecountId, moves);
      const sent = (_: string, i: number) => !copied.has(start + i);
      const sendMetas = copied.size === 0 ? metas : metas.filter(sent);
      rowsCopied += copied.size;
      rowsWritten += sendMetas.length;
      if (sendMetas.length === 0) continue;
      // The small columns travel as one JSON document, the rows as lines of text zipped with it
      // (JSON text holds no raw line break): parsing each row into the batch's jsonb first cost
      // more than storing it.
      await sql.query(
        `INSERT INTO consumed_licenses (recount_id, ord, row_hash, github_com_login, match_rule, search_text, "row")
         SELECT $1, (e->>0)::int4, e->>1, e->>2, e->>3, e->>4, line::json
           FROM ROWS FROM (jsonb_array_elements($2::jsonb), string_to_table($3, E'\\n')) AS x(e, line)`,
        [recountId, `[${sendMetas.join(",")}]`, (copied.size === 0 ? rows : rows.filter(sent)).join("\n")],
      );
    }
    const week = weekStart(now);
    const previousRecountId = await sql.transaction(async (tx) => {
      const [locked] = await tx.query<{ current_recount_id: string | null }>(`SELECT current_recount_id FROM installations WHERE id = $1 FOR UPDATE`, [installationId]);
      if (!locked) throw new InstallationGoneError(installationId);
      await tx.query(`UPDATE installations SET current_recount_id = $2, updated_at = now() WHERE id = $1`, [installationId, recountId]);
      await tx.query(
        `DELETE FROM recounts WHERE installation_id = $1 AND id <> $2 AND (id = $3 OR computed_at < $4::timestamptz - interval '${ORPHAN_AGE}')`,
        [installationId, recountId, locked.current_recount_id, now.toISOString()],
      );
      await tx.query(
        `INSERT INTO usage_points (installation_id, week_start, consumed, purchased, per_deployment, recorded_at)
         VALUES ($1, $2::date, $3, $4, $5::jsonb, $6)
         ON CONFLICT (installation_id, week_start) DO UPDATE
           SET consumed = EXCLUDED.consumed, purchased = EXCLUDED.purchased, per_deployment = EXCLUDED.per_deployment, recorded_at = EXCLUDED.recorded_at`,
        [installationId, week, totals.consumed, purchasedText, perDeployment, now.toISOString()],
      );
      return locked.current_recount_id;
    });
    return { recountId, previousRecountId, totals, purchased, weekStart: week, rowsCopied, rowsWritten };
  } catch (error) {
    // The recount's rows go with it (a trigger); they are deleted by name too, in case its
    // installation, and the recount with it, was purged while they were being written.
    await sql.query(`DELETE FROM recounts WHERE id = $1`, [recountId]).catch(() => undefined);
    await sql.query(`DELETE FROM consumed_licenses WHERE recount_id = $1`, [recountId]).catch(() => undefined);
    throw error;
  }
}
