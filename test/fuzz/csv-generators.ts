// Hostile `all_users.csv` files: random and shuffled columns, quotes, BOMs, mixed line ends,
// formula-injection cells, huge rows, NUL bytes and other encodings.
import fc from "fast-check";
import { NASTY_FRAGMENTS, nastyString } from "./fuzz-support.js";

export const REPORT_COLUMNS = ["created_at", "id", "login", "email", "role", "suspended?", "last_logged_ip", "repos", "dormant?", "last_active", "raw_login", "2fa_enabled?"];

const FORMULAS = ["=cmd|' /C calc'!A0", "=HYPERLINK(\"http://evil.example\",\"x\")", "+SUM(1,1)", "-2+3", "@SUM(A1)", "\t=1+1", "\r=1+1", "=1+1"];

/** One cell: plausible values, formulas, quotes, control characters, or something huge. */
const cell: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom("1", "2", "42", "0", "-1", "2147483648", "99999999999", "ada", "bob", "ada@example.com", "user", "admin", "true", "false", "yes", "", "2024-01-31 09:15:00 -0800", "2024-13-45 99:99:99 UTC", "never", "n/a") },
  { weight: 2, arbitrary: fc.constantFrom(...FORMULAS) },
  { weight: 2, arbitrary: nastyString(30) },
  { weight: 1, arbitrary: fc.constantFrom(...NASTY_FRAGMENTS) },
  { weight: 1, arbitrary: fc.integer({ min: 1000, max: 80_000 }).map((n) => "x".repeat(n)) },
);

/** A cell written as CSV: bare, quoted properly, or quoted badly. */
const written = (value: string): fc.Arbitrary<string> =>
  fc.constantFrom(value, `"${value.replace(/"/g, '""')}"`, `"${value}`, `${value}"`, `"${value}"x`, ` "${value}" `);

const header: fc.Arbitrary<string[]> = fc.oneof(
  fc.shuffledSubarray(REPORT_COLUMNS, { minLength: 0 }),
  fc.constant(REPORT_COLUMNS),
  fc.array(fc.oneof(fc.constantFrom(...REPORT_COLUMNS, "ID", " Login ", "suspended", "__proto__", "constructor", "id"), nastyString(12)), { maxLength: 14 }),
);

const lineEnd = fc.constantFrom("\n", "\r\n", "\r", "\n\n", "\r\r\n", "\u2028");

const encodings = fc.constantFrom("utf8", "utf8-bom", "utf16le", "utf16le-bom", "latin1", "nul-padded");

export type HostileCsv = { bytes: Buffer; encoding: string };

function encode(text: string, encoding: string): Buffer {
  switch (encoding) {
    case "utf8-bom":
      return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, "utf8")]);
    case "utf16le":
      return Buffer.from(text, "utf16le");
    case "utf16le-bom":
      return Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, "utf16le")]);
    case "latin1":
      return Buffer.from(text, "latin1");
    case "nul-padded":
      return Buffer.from(text.split("").join("\u0000"), "utf8");
    default:
      return Buffer.from(text, "utf8");
  }
}

/** A whole file: a header, some rows (each with its own line end), in some encoding. */
export const hostileCsv: fc.Arbitrary<HostileCsv> = fc
  .tuple(header, fc.array(fc.array(cell.chain(written), { maxLength: 14 }), { maxLength: 6 }), fc.array(lineEnd, { minLength: 8, maxLength: 8 }), encodings, fc.boolean())
  .map(([columns, rows, ends, encoding, trailingEnd]) => {
    const lines = [columns.join(","), ...rows.map((r) => r.join(","))];
    const text = lines.map((line, i) => line + (i < lines.length - 1 || trailingEnd ? ends[i % ends.length] : "")).join("");
    return { bytes: encode(text, encoding), encoding };
  });
