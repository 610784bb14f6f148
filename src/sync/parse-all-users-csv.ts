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

function readHeader(fields: string[]): Map<string, number> {
  const columns = new Map<string, number>();
  fields.forEach((field, index) => {
    const name = field.trim().toLowerCase();
    if (name === "") return;
    if (columns.has(name)) throw new AllUsersCsvError(1, `column ${name} appears twice`);
    columns.set(name, index);
  });
  const missing = REQUIRED_COLUMNS.filter((name) => !columns.has(name));
  if (missing.length > 0) {
    throw new AllUsersCsvError(
      1,
      `missing required column${missing.length > 1 ? "s" : ""} ${missing.join(", ")} (the header has: ${[...columns.keys()].join(", ") || "nothing"})`,
    );
  }
  return columns;
}

export async function* parseAllUsersCsv(input: CsvInput): AsyncGenerator<GhesUserRow> {
  const parser = parse({ bom: true, info: true, skip_empty_lines: true, relax_column_count: true, max_record_size: MAX_RECORD_CHARS });
  const source = toReadable(input);
  source.on("error", (error) => parser.destroy(error));
  source.pipe(parser);

  let columns: Map<string, number> | undefined;
  let headerLength = 0;
  // id → line of its first row: the same id twice means a broken report, not two people.
  const seen = new Map<number, number>();
  try {
    for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
      if (columns === undefined) {
        columns = readHeader(record);
        headerLength = record.length;
        continue;
      }
      const line = info.lines;
      if (record.length !== headerLength) throw new AllUsersCsvError(line, `has ${record.length} fields, the header has ${headerLength}`);
      const fields: Record<string, string> = {};
      for (const [name, index] of columns) fields[name] = record[index] ?? "";
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
