// Bulk inserts as one statement per batch: each column travels as one array parameter and
// `unnest` turns the arrays back into rows. The parameter count stays fixed whatever the batch
// size, and the same SQL works on PGlite and on a PostgreSQL server.
import { isPlainIdentifier } from "../db/plain-identifier.js";
import type { SqlSession } from "../db/sql-client.js";

export type Column = {
  name: string;
  /** the element type of the array parameter, e.g. "text", "int4", "bool", "timestamptz" */
  type: string;
  /** how the value is written from the unnested column `u.<name>`; defaults to the column itself */
  select?: string;
};

/** Values of constant columns (such as the snapshot id) are passed once, not per row. */
export type Constant = { name: string; type: string; value: unknown };

export function insertColumnsSql(table: string, constants: Constant[], columns: Column[]): string {
  for (const name of [table, ...constants.map((c) => c.name), ...columns.map((c) => c.name)]) {
    if (!isPlainIdentifier(name)) throw new Error(`insertColumns: ${JSON.stringify(name)} is not a plain identifier`);
  }
  const names = [...constants, ...columns].map((c) => `"${c.name}"`).join(", ");
  const constantValues = constants.map((c, i) => `$${i + 1}::${c.type}`);
  const arrays = columns.map((c, i) => `$${constants.length + i + 1}::${c.type}[]`).join(", ");
  const selected = [...constantValues, ...columns.map((c) => c.select ?? `u."${c.name}"`)].join(", ");
  const aliases = columns.map((c) => `"${c.name}"`).join(", ");
  return `INSERT INTO "${table}" (${names}) SELECT ${selected} FROM unnest(${arrays}) AS u(${aliases})`;
}

/** Inserts `columnValues[i][row]` for every row; all arrays must have the same length. */
export async function insertColumns(
  sql: SqlSession,
  table: string,
  constants: Constant[],
  columns: Column[],
  columnValues: unknown[][],
): Promise<void> {
  const rowCount = columnValues[0]?.length ?? 0;
  if (rowCount === 0) return;
  if (columnValues.length !== columns.length || columnValues.some((values) => values.length !== rowCount)) {
    throw new Error(`insertColumns(${table}): every column needs ${rowCount} values`);
  }
  await sql.query(insertColumnsSql(table, constants, columns), [...constants.map((c) => c.value), ...columnValues]);
}
