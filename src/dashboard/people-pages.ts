// Pages of people from the count in force, never all of them: the unmatched GHES users (who consume
// a second license because nothing matched) and a search over `search_text`. Each asks for one row
// more than it shows, so "is there a next page?" needs no COUNT over 200,000 rows.
import type { Database } from "../db/open-database.js";
import type { ConsumedLicenseRow } from "../licenses/license-types.js";
import { readStoredLicenseRow, STORED_SERVER_USER_IDS } from "../licenses/stored-license-row.js";

export const PEOPLE_PER_PAGE = 25;
/** Longer queries match nothing useful and make the scan slower. */
export const MAX_QUERY_LENGTH = 100;

export type PeoplePage = { rows: ConsumedLicenseRow[]; page: number; hasNext: boolean };

/** `%`, `_` and the escape character itself taken literally in a LIKE pattern. */
export function escapeLikePattern(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

export async function unmatchedPeople(db: Pick<Database, "sql">, recountId: string | null, page: number): Promise<PeoplePage> {
  if (!recountId) return { rows: [], page, hasNext: false };
  const rows = await db.sql.query<{ row: unknown }>(
    `SELECT "row" FROM consumed_licenses
      WHERE recount_id = $1 AND match_rule = 'none' AND json_array_length("row"->${STORED_SERVER_USER_IDS}) > 0
      ORDER BY ord LIMIT $2 OFFSET $3`,
    [recountId, PEOPLE_PER_PAGE + 1, (page - 1) * PEOPLE_PER_PAGE],
  );
  return toPage(rows, page);
}

export async function searchPeople(db: Pick<Database, "sql">, recountId: string | null, query: string, page: number): Promise<PeoplePage> {
  const text = query.trim().slice(0, MAX_QUERY_LENGTH);
  if (!recountId || text === "") return { rows: [], page, hasNext: false };
  const rows = await db.sql.query<{ row: unknown }>(
    `SELECT "row" FROM consumed_licenses
      WHERE recount_id = $1 AND search_text ILIKE $2 ESCAPE '\\'
      ORDER BY ord LIMIT $3 OFFSET $4`,
    [recountId, `%${escapeLikePattern(text.toLowerCase())}%`, PEOPLE_PER_PAGE + 1, (page - 1) * PEOPLE_PER_PAGE],
  );
  return toPage(rows, page);
}

function toPage(rows: Array<{ row: unknown }>, page: number): PeoplePage {
  const parsed = rows.map((r) => readStoredLicenseRow(r.row));
  return { rows: parsed.slice(0, PEOPLE_PER_PAGE), page, hasNext: parsed.length > PEOPLE_PER_PAGE };
}
