// A GHES user report, pulled or uploaded, put in force for its server: parsed as a stream and
// written as a new snapshot. A bad report (missing column, bad row) changes nothing.
import type { SqlClient } from "../db/sql-client.js";
import { parseAllUsersCsv, type CsvInput } from "./parse-all-users-csv.js";
import { replaceServerSnapshot, type ReplaceOptions, type ReplaceResult } from "./replace-server-snapshot.js";

export async function importAllUsersCsv(db: { sql: SqlClient }, serverId: string, csv: CsvInput, options: ReplaceOptions): Promise<ReplaceResult> {
  return replaceServerSnapshot(db, serverId, parseAllUsersCsv(csv), options);
}
