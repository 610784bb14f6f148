import { readFileSync } from "node:fs";
import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { AllUsersCsvError, parseAllUsersCsv, type CsvInput } from "../../src/sync/parse-all-users-csv.js";
import type { GhesUserRow } from "../../src/sync/ghes-user-row.js";

const FIXTURE = readFileSync(new URL("../fixtures/ghes/all_users.csv", import.meta.url));
const HEADER = "created_at,id,login,email,role,suspended?,last_logged_ip,repos,ssh_keys,org_memberships,dormant?,last_active,raw_login,2fa_enabled?";

async function collect(input: CsvInput): Promise<GhesUserRow[]> {
  const rows: GhesUserRow[] = [];
  for await (const row of parseAllUsersCsv(input)) rows.push(row);
  return rows;
}

async function failure(input: CsvInput): Promise<AllUsersCsvError> {
  const error = await collect(input).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AllUsersCsvError);
  return error as AllUsersCsvError;
}

const text = (csv: string) => Readable.from([Buffer.from(csv)]);

describe("parseAllUsersCsv", () => {
  it("reads a GHES report with CRLF line ends into typed users", async () => {
    const rows = await collect(Readable.from([FIXTURE]));
    expect(rows.map((r) => r.login)).toEqual(["ghost-admin", "ana", "bob", "carol", "scim-admin", "dave"]);
    expect(rows[1]).toEqual({
      ghesId: 2,
      login: "ana",
      email: "Ana.Lopez@Corp.Example",
      emailNormalized: "ana.lopez@corp.example",
      role: "user",
      suspended: false,
      dormant: false,
      createdOnGhes: new Date("2020-05-06T15:08:09Z"),
      lastActive: new Date("2026-11-28T01:30:00Z"),
      rawLogin: "ana",
      twoFactor: true,
    });
    expect(rows[2]).toMatchObject({ login: "bob", suspended: true, lastActive: null, twoFactor: false });
    expect(rows[3]).toMatchObject({ login: "carol", dormant: true, lastActive: null, twoFactor: null, createdOnGhes: new Date("2021-01-01T00:00:00Z") });
    expect(rows[5]).toMatchObject({ ghesId: 7, email: "dave@corp.example" });
  });

  it("skips a byte-order mark, even when it arrives split across chunks", async () => {
    const withBom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), FIXTURE]);
    const chunks = [withBom.subarray(0, 1), withBom.subarray(1, 2), withBom.subarray(2, 50), withBom.subarray(50)];
    const rows = await collect(Readable.from(chunks));
    expect(rows).toHaveLength(6);
    expect(rows[0]!.ghesId).toBe(1);
  });

  it("finds columns by name in any order, ignores unknown ones and keeps quoted commas and newlines", async () => {
    const csv = 'Suspended?,Email,ID,extra,Login,Role\n' + 'false,"a,b@x.example",10,"multi\nline",al,user\n' + 'TRUE,,11,,bea,admin\n';
    const rows = await collect(text(csv));
    expect(rows).toEqual([
      expect.objectContaining({ ghesId: 10, login: "al", email: "a,b@x.example", suspended: false, dormant: false, createdOnGhes: null }),
      expect.objectContaining({ ghesId: 11, login: "bea", email: null, emailNormalized: null, suspended: true }),
    ]);
  });

  it("reads a web ReadableStream (a fetch body)", async () => {
    const rows = await collect(new Response(FIXTURE).body!);
    expect(rows).toHaveLength(6);
  });

  it("names every missing required column", async () => {
    const error = await failure(text("created_at,id,login,role\n2020-01-01,1,a,user\n"));
    expect(error.line).toBe(1);
    expect(error.message).toBe(
      "all_users.csv line 1: missing required columns email, suspended? (the header has: created_at, id, login, role)",
    );
  });

  it.each([
    ["a non-numeric id", `${HEADER}\n2020-01-01 00:00:00 UTC,x1,a,a@x,user,false,,0,0,0,false,,a,true`, 2, "column id: must be a positive whole number"],
    ["an empty login", `${HEADER}\n2020-01-01 00:00:00 UTC,1,,a@x,user,false,,0,0,0,false,,a,true`, 2, "column login: must not be empty"],
    ["a suspended? that is not a boolean", `${HEADER}\n2020-01-01 00:00:00 UTC,1,a,a@x,user,maybe,,0,0,0,false,,a,true`, 2, 'column suspended?: must be true or false, got "maybe"'],
    ["an unreadable date", `${HEADER}\n2020-01-01 00:00:00 UTC,1,a,a@x,user,false,,0,0,0,false,,a,true\nyesterday,2,b,b@x,user,false,,0,0,0,false,,b,true`, 3, "column created_at: must be a date and time"],
    ["a row with too few fields", `${HEADER}\n2020-01-01 00:00:00 UTC,1,a,a@x,user,false`, 2, "has 6 fields, the header has 14"],
    ["an unclosed quote", `${HEADER}\n2020-01-01 00:00:00 UTC,1,"a,a@x,user,false,,0,0,0,false,,a,true\n`, 2, "a quoted field is not closed"],
    ["a repeated id", `${HEADER}\n,5,a,a@x,user,false,,,,,,,,\n,6,b,b@x,user,false,,,,,,,,\n,5,c,c@x,user,false,,,,,,,,`, 4, "id 5 appears again (first on line 2)"],
    ["a bad row after empty lines", `${HEADER}\n\n,5,a,a@x,user,false,,,,,,,,\n\n,x6,b,b@x,user,false,,,,,,,,`, 5, "column id: must be a positive whole number"],
    ["a bad row after a quoted field of two lines", `${HEADER}\r\n,5,a,"a@x\r\nb",user,false,,,,,,,,\r\n,6,,b@x,user,false,,,,,,,,`, 4, "column login: must not be empty"],
    ["a header after an empty line that lacks a column", `\nid,login,email,role\n1,a,a@x,user`, 2, "missing required column suspended?"],
  ])("refuses %s with its line number", async (_name, csv, line, reason) => {
    const error = await failure(text(csv));
    expect(error.line).toBe(line);
    expect(error.message).toContain(`all_users.csv line ${line}: ${reason}`);
  });

  it("refuses an empty file", async () => {
    const error = await failure(text(""));
    expect(error.message).toMatch(/the file is empty/);
  });

  it("refuses a header that names a column twice", async () => {
    const error = await failure(text("id,login,email,role,suspended?,Login\n"));
    expect(error.message).toBe("all_users.csv line 1: column login appears twice");
  });

  it("passes on an error of the source stream", async () => {
    const broken = new Readable({
      read() {
        this.push(`${HEADER}\n`);
        this.destroy(new Error("connection reset"));
      },
    });
    await expect(collect(broken)).rejects.toThrow("connection reset");
  });

  it("yields rows before the whole input has arrived", async () => {
    let sentRows = 0;
    const lines = (function* () {
      yield `id,login,email,role,suspended?\n`;
      for (let i = 1; i <= 10_000; i++) {
        sentRows = i;
        yield `${i},u${i},u${i}@x.example,user,false\n`;
      }
    })();
    const iterator = parseAllUsersCsv(Readable.from(lines, { objectMode: false, highWaterMark: 16 }))[Symbol.asyncIterator]();
    const first = await iterator.next();
    expect(first.value).toMatchObject({ ghesId: 1 });
    expect(sentRows).toBeLessThan(10_000);
    await iterator.return(undefined);
  });
});
