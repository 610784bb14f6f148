// `all_users.csv` reports whose reading is known before any parser sees them: the generator builds
// each file from its users, so it knows what a correct reading stores, or, with one defect put in,
// which line a correct reading stops at and why. The oracle of the upload fuzz test, written from
// the report's format (RFC 4180 CSV, GHES's columns), not from the app's parser.
//
// The format as the oracle reads it: a header of column names, then one line per user; a field
// holding a comma, a quote or a line break is quoted, with its quotes doubled; lines are counted
// by their line feeds (one inside a quoted field included); empty lines are skipped. Columns go by
// name in any order; id, login, email, role and suspended? are required; id is a whole number from
// 1 to 2^31-1, unique; login must not be blank; suspended? is true or false; cells are trimmed,
// and a blank email or role is none.
import fc from "fast-check";
import { REPORT_COLUMNS } from "./csv-generators.js";

export const REQUIRED = ["id", "login", "email", "role", "suspended?"] as const;
const OPTIONAL = REPORT_COLUMNS.filter((c) => !(REQUIRED as readonly string[]).includes(c));

/** A user as the upload must store them. */
export type StoredUser = { ghesId: number; login: string; email: string | null; role: string | null; suspended: boolean };

/** A report and what reading it must give: its users, or the reason it stops (matched against the error). */
export type KnownReport = { bytes: Buffer; users: StoredUser[] } | { bytes: Buffer; failure: RegExp; defect: string };

type Cells = Record<string, string>;
type Draft = { columns: string[]; rows: Cells[]; users: StoredUser[]; lineEnd: string; blankBefore: number[]; trailingEnd: boolean };

/** Text a person or a careless tool can put in a cell: quotes, commas, line feeds, formulas, any script. */
const cellText = fc
  .array(
    fc.oneof(
      { weight: 3, arbitrary: fc.string({ unit: "grapheme", maxLength: 8 }) },
      { weight: 2, arbitrary: fc.constantFrom(",", '"', '""', "\n", "\r\n", " ", "\t", "=cmd|' /C calc'!A0", "+1+1", "@SUM(1)", "😀", "e\u0301", "\u202e", "\ufeff", "'", "\\", "ü") },
    ),
    { maxLength: 5 },
  )
  // No NUL (the upload is refused as not text, tested apart) and no lone carriage return (a line
  // break to some editors and not to others: the line numbers below would be ambiguous).
  .map((parts) => parts.join("").replaceAll("\u0000", "").replace(/\r(?!\n)/g, ""));

const flagCell = fc.constantFrom(["true", true], ["false", false], ["TRUE", true], [" false ", false]) as fc.Arbitrary<[string, boolean]>;
const timeCell = fc.constantFrom("", "2024-01-31 09:15:00 -0800", "2020-06-01 12:00:00 UTC", "2023-12-24T08:00:00Z");

const userDraft = (id: number) =>
  fc.record({ login: cellText.filter((s) => s.trim() !== ""), email: cellText, role: fc.oneof(fc.constantFrom("user", "admin", "suspended", ""), cellText), suspended: flagCell }).map(
    ({ login, email, role, suspended: [suspendedCell, suspended] }) => ({
      cells: { id: String(id), login, email, role, "suspended?": suspendedCell } as Cells,
      user: { ghesId: id, login: login.trim(), email: email.trim() || null, role: role.trim() || null, suspended },
    }),
  );

const draft: fc.Arbitrary<Draft> = fc
  .tuple(
    fc.uniqueArray(fc.integer({ min: 1, max: 2_147_483_647 }), { maxLength: 6 }),
    fc.subarray(OPTIONAL),
    fc.constantFrom("\n", "\r\n"),
    fc.boolean(),
    fc.integer({ min: 0, max: 1000 }),
  )
  .chain(([ids, optional, lineEnd, trailingEnd, order]) =>
    fc
      .tuple(
        fc.tuple(...ids.map(userDraft)),
        fc.shuffledSubarray([...REQUIRED, ...optional], { minLength: REQUIRED.length + optional.length }),
        fc.array(fc.constantFrom(0, 0, 0, 1), { minLength: ids.length + 1, maxLength: ids.length + 1 }),
        fc.array(fc.tuple(timeCell, fc.nat(50)), { minLength: ids.length, maxLength: ids.length }),
      )
      .map(([users, columns, blankBefore, extras]) => ({
        columns: order % 7 === 0 ? [...columns].reverse() : columns,
        rows: users.map(({ cells }, i) => {
          const [time, count] = extras[i]!;
          const filled: Cells = { ...cells };
          for (const column of optional) filled[column] = /created_at|last_active/.test(column) ? time : /\?$/.test(column) ? "false" : String(count);
          return filled;
        }),
        users: users.map(({ user }) => user),
        lineEnd,
        // blank lines before each row (index 0: before the first user), never before the header
        blankBefore,
        trailingEnd,
      })),
  );

/** A field as CSV writes it: quoted when it has to be, and sometimes when it need not be. */
function field(value: string, quoteAnyway: boolean): string {
  return quoteAnyway || /[",\r\n]/.test(value) || value !== value.trim() ? `"${value.replace(/"/g, '""')}"` : value;
}

function write(d: Draft, quoteSeed: number): { text: string; endLines: number[] } {
  const lines = [d.columns.join(",")];
  // endLines[i]: the line on which row i ends, as the oracle counts lines (by line feeds).
  const endLines: number[] = [];
  let line = 1;
  d.rows.forEach((row, i) => {
    for (let b = 0; b < d.blankBefore[i]!; b++) {
      lines.push("");
      line++;
    }
    const text = d.columns.map((column, c) => field(row[column] ?? "", (quoteSeed >> ((i * 7 + c) % 30)) % 3 === 0)).join(",");
    lines.push(text);
    line += 1 + (text.match(/\n/g)?.length ?? 0);
    endLines.push(line);
  });
  return { text: lines.join(d.lineEnd) + (d.trailingEnd ? d.lineEnd : ""), endLines };
}

/** A report GHES could have written, hostile cell contents included: read whole, every user stored as given (trimmed). */
export const validReport: fc.Arbitrary<KnownReport> = fc.tuple(draft, fc.nat(), fc.boolean()).map(([d, quoteSeed, bom]) => {
  const { text } = write(d, quoteSeed);
  const bytes = Buffer.from((bom ? "\ufeff" : "") + text, "utf8");
  return { bytes, users: [...d.users].sort((a, b) => a.ghesId - b.ghesId) };
});

const BAD_IDS = ["", " ", "abc", "0", "-3", "1.5", "1e3", "2147483648", "99999999999", "#1"];

/** A report with one defect put in: the reading stops, saying why and on which line. */
export const brokenReport: fc.Arbitrary<KnownReport> = fc
  .tuple(
    draft.filter((d) => d.rows.length > 0),
    fc.nat(),
    fc.constantFrom("missing column", "bad id", "repeated id", "blank login", "bad suspended?", "extra field", "unclosed quote", "empty file"),
    fc.nat(),
    fc.constantFrom(...BAD_IDS),
  )
  .map(([d, quoteSeed, defect, pick, badId]) => {
    const at = pick % d.rows.length;
    const rows = d.rows.map((r) => ({ ...r }));
    let failure: RegExp;
    let columns = d.columns;
    let extraField = false;
    let tail = "";
    const lineOf = (row: number) => write({ ...d, columns, rows }, quoteSeed).endLines[row]!;
    switch (defect) {
      case "missing column": {
        const gone = REQUIRED[pick % REQUIRED.length]!;
        columns = d.columns.filter((c) => c !== gone);
        failure = new RegExp(`^all_users\\.csv line 1: missing required column ${escape(gone)} \\(the header has: `);
        break;
      }
      case "bad id":
        rows[at]!.id = badId;
        failure = new RegExp(`^all_users\\.csv line ${lineOf(at)}: column id: `);
        break;
      case "repeated id": {
        if (d.rows.length < 2) {
          rows.push({ ...rows[0]!, login: "again" });
          failure = new RegExp(`^all_users\\.csv line ${lineOf(rows.length - 1)}: id ${rows[0]!.id} appears again \\(first on line ${lineOf(0)}\\)`);
          break;
        }
        const first = at === d.rows.length - 1 ? 0 : at;
        const second = at === d.rows.length - 1 ? at : d.rows.length - 1;
        rows[second]!.id = rows[first]!.id!;
        failure = new RegExp(`^all_users\\.csv line ${lineOf(second)}: id ${rows[first]!.id} appears again \\(first on line ${lineOf(first)}\\)`);
        break;
      }
      case "blank login":
        rows[at]!.login = pick % 2 === 0 ? "" : "   ";
        failure = new RegExp(`^all_users\\.csv line ${lineOf(at)}: column login: `);
        break;
      case "bad suspended?":
        rows[at]!["suspended?"] = pick % 2 === 0 ? "maybe" : "";
        failure = new RegExp(`^all_users\\.csv line ${lineOf(at)}: column suspended\\?: `);
        break;
      case "extra field":
        extraField = true;
        failure = new RegExp(`^all_users\\.csv line ${lineOf(at)}: has ${columns.length + 1} fields, the header has ${columns.length}$`);
        break;
      case "unclosed quote":
        tail = `${d.lineEnd}"${rows[at]!.id},never closed`;
        failure = /^all_users\.csv( line \d+)?: a quoted field is not closed$/;
        break;
      default:
        return { bytes: Buffer.from(d.trailingEnd ? d.lineEnd.repeat(pick % 3) : ""), failure: /^all_users\.csv: the file is empty/, defect };
    }
    let { text } = write({ ...d, columns, rows }, quoteSeed);
    if (extraField) {
      // The row's last line is where its record ends (its quoted line feeds come before): the extra field goes there.
      const physical = text.split("\n");
      const last = lineOf(at) - 1;
      physical[last] = physical[last]!.replace(/\r?$/, (end) => `,extra${end}`);
      text = physical.join("\n");
    }
    if (defect === "unclosed quote") text = (d.trailingEnd ? text.slice(0, -d.lineEnd.length) : text) + tail;
    return { bytes: Buffer.from(text, "utf8"), failure, defect };
  });

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
