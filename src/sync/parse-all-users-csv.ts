// Reads a GHES `all_users.csv` report as a stream: one typed user at a time, so a report of
// 100,000 users is never held whole in memory. Columns are found by name (the report's order is
// not promised); a missing required column or a bad row stops the read with its line number.
import { Readable } from "node:stream";
import type { ReadableStream as WebReadableStream } from "node:stream/web";
import { parse, CsvError } from "csv-parse";
import { ghesUserRecordSchema, readValidGhesUserRecord, REQUIRED_COLUMNS, type GhesUserRow } from "./ghes-user-row.js";

export type CsvInput = Readable | WebReadableStream<Uint8Array> | ReadableStream<Uint8Array> | AsyncIterable<Uint8Array | string>;

/** A report the app cannot use; `line` is 1-based, counted as a text editor counts them. */
export class AllUsersCsvError extends Error {
  constructor(
    readonly line: number | null,
    readonly reason: string,
  ) {
    super(line === null ? `all_users.csv: ${reason}` : `all_users.csv line ${line}: ${reason}`);
    this.name = "AllUsersCsvError";
  }
}

/** A user row is a few hundred bytes; the cap stops an unclosed quote from swallowing the file. */
const MAX_RECORD_CHARS = 64 * 1024;

function toReadable(input: CsvInput): Readable {
  if (input instanceof Readable) return input;
  if (typeof (input as WebReadableStream).getReader === "function") return Readable.fromWeb(input as WebReadableStream<Uint8Array>);
  return Readable.from(input as AsyncIterable<Uint8Array | string>);
}

function describeCsvError(error: CsvError): AllUsersCsvError {
  const line = typeof error.lines === "number" ? error.lines : null;
  switch (error.code) {
    case "CSV_QUOTE_NOT_CLOSED":
      return new AllUsersCsvError(line, "a quoted field is not closed");
    case "CSV_MAX_RECORD_SIZE":
      return new AllUsersCsvError(line, `a row is longer than ${MAX_RECORD_CHARS} characters (an unclosed quote?)`);
    default:
      return new AllUsersCsvError(line, `is not valid CSV (${error.message})`);
  }
}

function readHeader(fields: string[], line: number): Map<string, number> {
  const columns = new Map<string, number>();
  fields.forEach((field, index) => {
    const name = field.trim().toLowerCase();
    if (name === "") return;
    if (columns.has(name)) throw new AllUsersCsvError(line, `column ${name} appears twice`);
    columns.set(name, index);
  });
  const missing = REQUIRED_COLUMNS.filter((name) => !columns.has(name));
  if (missing.length > 0) {
    throw new AllUsersCsvError(
      line,
      `missing required column${missing.length > 1 ? "s" : ""} ${missing.join(", ")} (the header has: ${[...columns.keys()].join(", ") || "nothing"})`,
    );
  }
  return columns;
}

const READ_COLUMNS = ["id", "login", "email", "role", "suspended?", "dormant?", "created_at", "last_active", "raw_login", "2fa_enabled?"] as const;

type ReportFields = Record<(typeof READ_COLUMNS)[number], string | undefined>;

/** The columns a user is read from, each as one fixed-shape object (absent optional columns undefined). */
function fieldReader(columns: Map<string, number>): (record: string[]) => ReportFields {
  const at = (name: string) => columns.get(name) ?? -1;
  const [id, login, email, role, suspended, dormant, createdAt, lastActive, rawLogin, twoFactor] = READ_COLUMNS.map(at) as number[];
  const read = (record: string[], index: number) => (index < 0 ? undefined : (record[index] ?? ""));
  return (record) => ({
    id: read(record, id!),
    login: read(record, login!),
    email: read(record, email!),
    role: read(record, role!),
    "suspended?": read(record, suspended!),
    "dormant?": read(record, dormant!),
    created_at: read(record, createdAt!),
    last_active: read(record, lastActive!),
    raw_login: read(record, rawLogin!),
    "2fa_enabled?": read(record, twoFactor!),
  });
}

/** Line feeds inside a record's (quoted) fields: a record ends that many lines after it starts. */
function lineBreaksIn(record: string[]): number {
  let breaks = 0;
  for (const field of record) {
    for (let at = field.indexOf("\n"); at >= 0; at = field.indexOf("\n", at + 1)) breaks++;
  }
  return breaks;
}

export async function* parseAllUsersCsv(input: CsvInput): AsyncGenerator<GhesUserRow> {
  // Lines are counted here rather than by csv-parse's `info`, which builds an object per record
  // (a seventh of the parse); empty lines come through as [""] to be counted and skipped.
  const parser = parse({ bom: true, skip_empty_lines: false, relax_column_count: true, max_record_size: MAX_RECORD_CHARS });
  const source = toReadable(input);
  source.on("error", (error) => parser.destroy(error));
  source.pipe(parser);

  let columns: Map<string, number> | undefined;
  let fieldsOf: ((record: string[]) => ReportFields) | undefined;
  let headerLength = 0;
  let line = 0;
  // id → line of its first row: the same id twice means a broken report, not two people.
  const seen = new Map<number, number>();
  try {
    for await (const record of parser as AsyncIterable<string[]>) {
      line += 1 + lineBreaksIn(record);
      if (record.length === 1 && record[0] === "") continue;
      if (columns === undefined) {
        columns = readHeader(record, line);
        fieldsOf = fieldReader(columns);
        headerLength = record.length;
        continue;
      }
      if (record.length !== headerLength) throw new AllUsersCsvError(line, `has ${record.length} fields, the header has ${headerLength}`);
      const fields = fieldsOf!(record);
      // The schema is asked only about a row the quick reading does not accept, to say why.
      let row = readValidGhesUserRecord(fields);
      if (row === null) {
        const parsed = ghesUserRecordSchema.safeParse(fields);
        if (!parsed.success) {
          const issue = parsed.error.issues[0]!;
          throw new AllUsersCsvError(line, `column ${String(issue.path[0])}: ${issue.message}`);
        }
        row = parsed.data;
      }
      const first = seen.get(row.ghesId);
      if (first !== undefined) throw new AllUsersCsvError(line, `id ${row.ghesId} appears again (first on line ${first})`);
      seen.set(row.ghesId, line);
      yield row;
    }
  } catch (error) {
    if (error instanceof CsvError) throw describeCsvError(error);
    throw error;
  } finally {
    source.unpipe(parser);
    parser.destroy();
    source.destroy();
  }
  if (columns === undefined) throw new AllUsersCsvError(null, "the file is empty; expected a header line with id, login, email, role, suspended?");
}
