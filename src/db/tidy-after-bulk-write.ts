// After a bulk replacement (a server's users, the organization's people, a count): planner
// statistics for the columns the next reads filter and page on, and on PGlite, which runs no
// autovacuum, the space of the rows just deleted made reusable. Without statistics the planner
// guessed a few hundred rows and sorted every remaining row for each page the recount read (its
// time grew 4.9× for 4× the users); without VACUUM each weekly sync would leave the last week's
// rows behind for good. VACUUM runs only when the replacement deleted rows: on a first write there
// is nothing to reclaim, and its pass over every new page cost as much again as the statistics
// (a first sync of 200,000 GHES users, `npm run bench`). Best effort: the new rows are already in force.
import { isPlainIdentifier } from "./plain-identifier.js";
import type { SqlClient } from "./sql-client.js";

export type BulkWrite = {
  /** whether rows of the table were deleted (an earlier snapshot or count replaced) */
  deleted: boolean;
};

export async function tidyAfterBulkWrite(sql: SqlClient, table: string, columns: string[], { deleted }: BulkWrite): Promise<void> {
  if (![table, ...columns].every(isPlainIdentifier)) throw new Error(`tidyAfterBulkWrite: ${table} (${columns.join(", ")}) is not plain identifiers`);
  const target = `"${table}" (${columns.map((c) => `"${c}"`).join(", ")})`;
  await sql.exec(sql.kind === "pglite" && deleted ? `VACUUM (ANALYZE) ${target}` : `ANALYZE ${target}`).catch(() => undefined);
}
