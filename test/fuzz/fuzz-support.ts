// What the fuzz tests share: generators of hostile input, the number of runs, and a snapshot of
// every application table to prove a refused request stored nothing.
//
// Replay a failure: its report names the seed (`replay with FUZZ_SEED=<seed>`); run the file again
// with that variable set (and `FUZZ_RUNS` to try harder locally, e.g. `FUZZ_RUNS=500`). The seed is
// the run's (test/support/global-setup.ts prints it; in CI it comes from the commit), and a
// failure's report is short (test/support/fast-check-report.ts).
import fc from "fast-check";
import type { Database } from "../../src/db/open-database.js";

const runsFromEnv = Number(process.env.FUZZ_RUNS);

// The HTTP properties are slow to shrink: a failure is reported as generated, shortened.
fc.configureGlobal({ ...fc.readConfigureGlobal(), endOnFailure: true });

/** `base` runs, or `FUZZ_RUNS` when set: small by default so a file stays well under a minute. */
export function runs(base: number): number {
  return Number.isInteger(runsFromEnv) && runsFromEnv > 0 ? runsFromEnv : base;
}

/** fc.assert (async) with this suite's number of runs; the report names the seed. */
export async function assertProperty<Ts extends unknown[]>(property: fc.IAsyncProperty<Ts>, numRuns: number): Promise<void> {
  await fc.assert(property, { numRuns: runs(numRuns) });
}

// ---- generators -------------------------------------------------------------------------------

/** Strings a careless parser trips on: NUL and control characters, bidi overrides, lone surrogates, quotes. */
export const NASTY_FRAGMENTS = [
  "\u0000",
  "\u0001",
  "\u001b[31m",
  "\r\n",
  "\r",
  "\n",
  "\t",
  "\u2028",
  "\u202e",
  "\ufeff",
  "\ud800",
  "\udfff",
  "\uffff",
  "😀",
  "e\u0301",
  "\u212a",
  '"',
  "'",
  "`",
  "\\",
  "%00",
  "%",
  "%E0%A4%A",
  "../",
  "..\\",
  "/",
  "<script>alert(1)</script>",
  "${7*7}",
  "{{7*7}}",
  "' OR 1=1 --",
  "'; DROP TABLE installations; --",
  "=cmd|' /C calc'!A0",
  "+1+1",
  "-1+1",
  "@SUM(1)",
  "__proto__",
  "constructor",
  "prototype",
  "null",
  "undefined",
  "NaN",
  "-0",
  "1e309",
  "9007199254740993",
  "true",
  "",
  " ",
];

export const nastyString = (maxLength = 40): fc.Arbitrary<string> =>
  fc.oneof(
    { weight: 3, arbitrary: fc.array(fc.oneof({ weight: 2, arbitrary: fc.constantFrom(...NASTY_FRAGMENTS) }, fc.string({ unit: "grapheme", maxLength: 6 })), { maxLength: 6 }).map((parts) => parts.join("").slice(0, maxLength * 4)) },
    // What storage itself refuses (PostgreSQL text holds no NUL) or mangles, on its own, often.
    { weight: 1, arbitrary: fc.constantFrom("\u0000", "a\u0000b", "ghes\u0000.example.com", "\ud800", "x\udc00y", "\u0000".repeat(3)) },
    { weight: 1, arbitrary: fc.string({ unit: "binary", maxLength }) },
    { weight: 1, arbitrary: fc.string({ maxLength }) },
  );

/** A long string: past the limits fields have (hundreds to tens of thousands of characters). */
export const hugeString = (): fc.Arbitrary<string> =>
  fc.tuple(fc.constantFrom("a", "é", "\u0000", "😀", "x,", '"'), fc.integer({ min: 256, max: 40_000 })).map(([unit, count]) => unit.repeat(count));

/** Keys that pollute prototypes or shadow methods when code copies objects carelessly. */
export const HOSTILE_KEYS = ["__proto__", "constructor", "prototype", "toString", "valueOf", "hasOwnProperty", "__defineGetter__", "then"];

/** Any JSON value, with hostile keys and strings mixed in (the text is built with JSON.stringify). */
export const hostileJsonValue: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    fc.constantFrom(null, true, false, 0, -1, 1.5, -0, 1e308, Number.MAX_SAFE_INTEGER + 2, ""),
    nastyString(),
    fc.array(tie("value"), { maxLength: 4 }),
    fc.dictionary(fc.oneof(fc.constantFrom(...HOSTILE_KEYS), nastyString(12)), tie("value"), { maxKeys: 4 }),
  ),
})).value;

/** A wrong value for a field: every JSON type, hostile strings, nested junk. */
export const wrongValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(null, true, false, 0, -1, 3.14, Number.POSITIVE_INFINITY /* JSON: null */, [], {}, [""], { $ne: null }, { __proto__: { admin: true } }),
  nastyString(),
  hostileJsonValue,
);

/** JSON text that is not what anyone expects: invalid JSON, deep nesting, duplicate and hostile keys. */
export const hostileJsonText: fc.Arbitrary<string> = fc.oneof(
  hostileJsonValue.map((value) => JSON.stringify(value) ?? "null"),
  fc.json(),
  fc.string({ unit: "binary", maxLength: 60 }),
  fc.constantFrom(
    "",
    " ",
    "{",
    "}",
    "[",
    "{]",
    '{"a":}',
    "{'hostname':'x'}",
    '{"hostname":"a.example.com",}',
    '{"hostname":"a.example.com"}garbage',
    "NaN",
    "undefined",
    "\ufeff{}",
    '{"__proto__":{"polluted":true}}',
    '{"constructor":{"prototype":{"polluted":true}}}',
    '{"hostname":"a.example.com","hostname":1}',
    '"\\ud800"',
    '{"a":"\\u0000"}',
    "1".repeat(400),
    "-".repeat(10),
  ),
  fc.integer({ min: 1, max: 50_000 }).map((depth) => "[".repeat(depth) + "]".repeat(depth)),
  fc.integer({ min: 1, max: 20_000 }).map((depth) => '{"a":'.repeat(depth) + "1" + "}".repeat(depth)),
);

/** Bytes that are not UTF-8: lone continuation bytes, overlongs, surrogates, truncated sequences, UTF-16. */
export const invalidUtf8: fc.Arbitrary<Buffer> = fc
  .tuple(
    fc.string({ maxLength: 20 }),
    fc.constantFrom([0x80], [0xc0, 0xaf], [0xed, 0xa0, 0x80], [0xf8, 0x88, 0x80, 0x80, 0x80], [0xe2, 0x82], [0xff, 0xfe, 0x41, 0x00], [0xfe, 0xff]),
    fc.string({ maxLength: 20 }),
  )
  .map(([before, bad, after]) => Buffer.concat([Buffer.from(before), Buffer.from(bad), Buffer.from(after)]));

/** Content types a JSON or CSV route must refuse or treat as they are. */
export const contentTypes: fc.Arbitrary<string | undefined> = fc.oneof(
  fc.constantFrom(
    undefined,
    "",
    "application/json",
    "application/json; charset=utf-16",
    "APPLICATION/JSON",
    "application/json;;;",
    "text/csv",
    "text/plain",
    "text/html",
    "application/x-www-form-urlencoded",
    "multipart/form-data; boundary=x",
    "application/octet-stream",
    "application/jsonx",
    "*/*",
    ";",
  ),
  fc.stringMatching(/^[\x21-\x7e]{0,40}$/),
);

// ---- stored state -----------------------------------------------------------------------------

export type TableState = Record<string, { rows: number; checksum: string }>;

/**
 * Every application table's row count and a checksum of its contents (each row as text, sorted),
 * so "nothing stored" covers updates as well as inserts and deletes. `_prisma_migrations` is left out.
 */
export async function tableState(db: Database): Promise<TableState> {
  const tables = await db.sql.query<{ tablename: string }>(
    `SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> '_prisma_migrations' ORDER BY tablename`,
  );
  // One statement for all tables: the fuzz loops take a snapshot before and after every request.
  const rows = await db.sql.query<{ name: string; rows: string | number; checksum: string }>(
    tables
      .map(({ tablename }) => `SELECT '${tablename}' AS name, count(*) AS rows, md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) AS checksum FROM "${tablename}" t`)
      .join(" UNION ALL "),
  );
  return Object.fromEntries(rows.map((row) => [row.name, { rows: Number(row.rows), checksum: row.checksum }]));
}

/** The tables whose state differs between two snapshots. */
export function changedTables(before: TableState, after: TableState): string[] {
  const names = new Set([...Object.keys(before), ...Object.keys(after)]);
  return [...names].filter((name) => before[name]?.rows !== after[name]?.rows || before[name]?.checksum !== after[name]?.checksum).sort();
}

/** Object.prototype as the test started: a polluted prototype shows as a new key here. */
export function prototypeIsClean(): boolean {
  const probe: Record<string, unknown> = {};
  return ["polluted", "admin", "isAdmin", "a"].every((key) => probe[key] === undefined) && Object.keys(Object.prototype).length === 0;
}
