// Counts the enterprise's consumed licenses from the snapshots in force and puts the count in
// force: the rows are written under a new recount, then one transaction points the installation
// at it, deletes the old one and records the week's usage point.
//
// Every row is written anew: stored compactly (stored-license-row.ts), sending a row costs less
// than finding and copying the same row of the count in force did (measured with `npm run bench`).
import { randomUUID } from "node:crypto";
import type { SqlClient } from "../db/sql-client.js";
import { tidyAfterBulkWrite } from "../db/tidy-after-bulk-write.js";
import { planLicenses } from "../licenses/count-licenses.js";
import { DEFAULT_MATCHING, type MatchingSwitches, type Totals } from "../licenses/license-types.js";
import { seatsPurchased, type SeatsPurchased } from "../licenses/seats-purchased.js";
import { packLicenseRow } from "../licenses/stored-license-row.js";
import { InstallationGoneError, loadCountInput } from "./load-count-input.js";
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
  rowsWritten: number;
};

const ORPHAN_AGE = "1 day";

async function countFromSnapshots(sql: SqlClient, installationId: number, options: RecountOptions) {
  const input = await loadCountInput(sql, installationId);
  const serverHostnames = input.servers.map((s) => s.hostname);
  const plan = planLicenses({ ...input, matching: options.matching ?? DEFAULT_MATCHING, githubWebUrl: options.githubWebUrl, serverHostnames });
  return { plan, totals: plan.totals, purchased: seatsPurchased(options.seats, input.servers.map((s) => s.license)) };
}

export async function recount(db: { sql: SqlClient }, installationId: number, now: Date, options: RecountOptions = {}): Promise<RecountResult> {
  const { sql } = db;
  const { plan, totals, purchased } = await countFromSnapshots(sql, installationId, options);
  const purchasedText = purchased === null ? null : String(purchased);
  const perDeployment = JSON.stringify(totals.perDeployment);

  const recountId = randomUUID();
  await sql.query(
    `INSERT INTO recounts (id, installation_id, computed_at, total_consumed, total_purchased, ghec_only, ghes_only, "both", unmatched, per_deployment)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10::jsonb)`,
    [recountId, installationId, now.toISOString(), totals.consumed, purchasedText, totals.ghecOnly, totals.ghesOnly, totals.both, totals.unmatched, perDeployment],
  );
  let rowsWritten = 0;
  try {
    // Rows are built a batch at a time, so a large count never holds them all in memory. A batch of
    // 1,000 keeps its text small: at 5,000 each batch's joined rows went to V8's large-object
    // space, straight into the old generation, and the heap grew by the whole count's text before
    // it was collected (`npm run bench`: peak RSS 30 MB higher, same speed).
    const batchSize = options.batchSize ?? 1000;
    for (let start = 0; start < plan.size; start += batchSize) {
      const end = Math.min(start + batchSize, plan.size);
      const metas: string[] = [];
      const rows: string[] = [];
      for (let ord = start; ord < end; ord++) {
        const license = plan.build(ord);
        metas.push(JSON.stringify([ord, license.row.github_com_login, license.row.match.rule, license.searchText]));
        rows.push(JSON.stringify(packLicenseRow(license.row)));
      }
      // The small columns travel as one JSON document, the rows as lines of text zipped with it
      // (JSON text holds no raw line break): parsing each row into the batch's jsonb first cost
      // more than storing it.
      await sql.query(
        `INSERT INTO consumed_licenses (recount_id, ord, github_com_login, match_rule, search_text, "row")
         SELECT $1, (e->>0)::int4, e->>1, e->>2, e->>3, line::json
           FROM ROWS FROM (jsonb_array_elements($2::jsonb), string_to_table($3, E'\\n')) AS x(e, line)`,
        [recountId, `[${metas.join(",")}]`, rows.join("\n")],
      );
      rowsWritten += rows.length;
    }
    const week = weekStart(now);
    const replaced = await sql.transaction(async (tx) => {
      const [locked] = await tx.query<{ current_recount_id: string | null }>(`SELECT current_recount_id FROM installations WHERE id = $1 FOR UPDATE`, [installationId]);
      if (!locked) throw new InstallationGoneError(installationId);
      await tx.query(`UPDATE installations SET current_recount_id = $2, updated_at = now() WHERE id = $1`, [installationId, recountId]);
      const deleted = await tx.query(
        `DELETE FROM recounts WHERE installation_id = $1 AND id <> $2 AND (id = $3 OR computed_at < $4::timestamptz - interval '${ORPHAN_AGE}') RETURNING id`,
        [installationId, recountId, locked.current_recount_id, now.toISOString()],
      );
      await tx.query(
        `INSERT INTO usage_points (installation_id, week_start, consumed, purchased, per_deployment, recorded_at)
         VALUES ($1, $2::date, $3, $4, $5::jsonb, $6)
         ON CONFLICT (installation_id, week_start) DO UPDATE
           SET consumed = EXCLUDED.consumed, purchased = EXCLUDED.purchased, per_deployment = EXCLUDED.per_deployment, recorded_at = EXCLUDED.recorded_at`,
        [installationId, week, totals.consumed, purchasedText, perDeployment, now.toISOString()],
      );
      return { previousRecountId: locked.current_recount_id, deleted: deleted.length > 0 };
    });
    await tidyAfterBulkWrite(sql, "consumed_licenses", ["recount_id", "ord", "match_rule"], { deleted: replaced.deleted });
    return { recountId, previousRecountId: replaced.previousRecountId, totals, purchased, weekStart: week, rowsWritten };
  } catch (error) {
    // The recount's rows go with it (a trigger); they are deleted by name too, in case its
    // installation, and the recount with it, was purged while they were being written.
    await sql.query(`DELETE FROM recounts WHERE id = $1`, [recountId]).catch(() => undefined);
    await sql.query(`DELETE FROM consumed_licenses WHERE recount_id = $1`, [recountId]).catch(() => undefined);
    throw error;
  }
}
