// The manual upload of `all_users.csv` fuzzed over real HTTP, on both databases: hostile files
// (random columns, quotes, BOMs, mixed line ends, formula cells, huge rows, NUL bytes, UTF-16 and
// Latin-1), hostile names (query and Content-Disposition) and content types.
//
// What is right (contract.md "Uploads"): a body that is not text is 415 and one of another type 415,
// both storing nothing. A text body is taken (202 PENDING, recorded with its run and an audit
// entry) and then either becomes SUCCESS, exactly when the app's own parser reads the file whole,
// or FAILURE with the reason ("all_users.csv line N: …") changing nothing else: the server's user
// list, its snapshot pointer and every other table stay as they were. Never a 5xx.
import { Readable } from "node:stream";
import fc from "fast-check";
import { expect, it } from "vitest";
import { parseAllUsersCsv } from "../../src/sync/parse-all-users-csv.js";
import { describeEachDatabase } from "../support/test-database.js";
import { waitFor } from "../support/wait-for.js";
import { bearer, ORG, PEOPLE, seedInstallation, useTestApp } from "../http/api/serve-test-app.js";
import { hostileCsv, REPORT_COLUMNS } from "./csv-generators.js";
import { assertProperty, contentTypes, nastyString, tableState } from "./fuzz-support.js";
import { expectNothingStored, expectRefusalShape, headerValue, pathSegment, rawRequest } from "./http-fuzz.js";

const owner = bearer(PEOPLE.owner);
/** What a taken upload writes whatever its outcome: the upload, its run, the audit entry. */
const RECEIPT_TABLES = ["uploads", "sync_runs", "audit_entries"];
/** What a successful one changes besides: the server's user list and its pointer to it. */
const SUCCESS_TABLES = [...RECEIPT_TABLES, "ghes_servers", "user_snapshots", "ghes_users"];

/** Does the app's parser read these bytes whole? The oracle for SUCCESS. */
async function parses(bytes: Buffer): Promise<boolean> {
  try {
    for await (const row of parseAllUsersCsv(Readable.from([bytes]))) void row;
    return true;
  } catch {
    return false;
  }
}

const FORMULAS = ["=cmd|' /C calc'!A0", "=HYPERLINK(\"http://evil.example\")", "+1+1", "-1+1", "@SUM(A1)", "\t=1", "=1+1"];

/** A report GHES could have written, but with formula, quote and control-character cells in its text columns. */
const plausibleReport = fc
  .array(
    fc.record({
      login: fc.oneof(fc.constantFrom(...FORMULAS), nastyString(20), fc.constantFrom("ada", "bob")),
      email: fc.oneof(fc.constantFrom(...FORMULAS), nastyString(20), fc.constantFrom("ada@example.com", "")),
      role: fc.oneof(fc.constantFrom("user", "admin", "suspended", ...FORMULAS), nastyString(10)),
      suspended: fc.constantFrom("false", "true", "FALSE", "no", "maybe"),
    }),
    { minLength: 1, maxLength: 5 },
  )
  .map((rows) => {
    const quote = (cell: string) => `"${cell.replace(/"/g, '""')}"`;
    const lines = ["id,login,email,role,suspended?", ...rows.map((r, i) => [String(i + 1), quote(r.login), quote(r.email), quote(r.role), r.suspended].join(","))];
    return Buffer.from(lines.join("\r\n"), "utf8");
  });

describeEachDatabase("fuzzed all_users.csv uploads", (db) => {
  const app = useTestApp(db, {}, { engine: { work: false } });

  async function seed() {
    const installation = await seedInstallation(db());
    return db().prisma.ghesServer.create({
      data: { installationId: installation.id, hostname: "ghes.example.com", apiUrl: "https://ghes.example.com/api/v3", registeredBy: PEOPLE.owner.login },
    });
  }

  it("a hostile file, name or content type: 202 then SUCCESS exactly when the file parses, else FAILURE or 4xx changing nothing; never 5xx", async () => {
    const server = await seed();
    const uploads = `/api/enterprises/${ORG}/servers/${server.id}/usage-uploads`;
    await assertProperty(
      fc.asyncProperty(
        fc.oneof({ weight: 3, arbitrary: hostileCsv.map((c) => c.bytes) }, { weight: 2, arbitrary: plausibleReport }),
        fc.oneof({ weight: 4, arbitrary: fc.constant("text/csv") }, { weight: 1, arbitrary: contentTypes }),
        // The name comes from ?name= or else Content-Disposition: one or the other (or none) per upload.
        fc.oneof(
          fc.constant({}),
          nastyString().map((name) => ({ name })),
          fc
            .oneof(
              nastyString().map((s) => headerValue(`attachment; filename="${s}"`)),
              nastyString().map((s) => `attachment; filename*=UTF-8''${pathSegment(s)}`),
              fc.constantFrom("attachment; filename*=UTF-8''a%00b.csv", "attachment; filename=\"..\\..\\x.csv\"", "attachment; filename*=UTF-8''%E0%A4%A", "attachment; filename=\"\"", "attachment; filename*=UTF-8''%1B%5B31m.csv"),
            )
            .map((disposition) => ({ disposition })),
        ),
        async (bytes, contentType, { name, disposition }: { name?: string; disposition?: string }) => {
          const before = await tableState(db());
          const query = name === undefined ? "" : `?name=${pathSegment(name)}`;
          const response = await rawRequest(app.baseUrl, "POST", uploads + query, { ...owner, "content-type": contentType, "content-disposition": disposition }, bytes);
          expect(response.status, response.text.slice(0, 300)).toBeLessThan(500);
          if (response.status !== 202) {
            expectRefusalShape(response);
            await expectNothingStored(db(), before);
            return;
          }
          const receipt = JSON.parse(response.text) as { id: string; name: string; state: string };
          expect(receipt).toMatchObject({ id: expect.any(String), state: "PENDING" });
          expect(receipt.name.length).toBeGreaterThan(0);
          // eslint-disable-next-line no-control-regex
          expect(receipt.name).not.toMatch(/[\\/\u0000]/);
          const done = await waitFor(async () => {
            const upload = await db().prisma.upload.findUniqueOrThrow({ where: { id: receipt.id } });
            return upload.state !== "PENDING" && upload;
          });
          expect(done.content, "the body is dropped once processed").toBeNull();
          const run = await db().prisma.syncRun.findUniqueOrThrow({ where: { id: done.runId! } });
          if (await parses(bytes)) {
            expect(done.state, done.error ?? "").toBe("SUCCESS");
            expect(run.status).toBe("success");
            await expectNothingStored(db(), before, SUCCESS_TABLES);
          } else {
            expect(done.state).toBe("FAILURE");
            expect(done.error).toMatch(/^all_users\.csv/);
            expect(run).toMatchObject({ status: "failed", error: done.error });
            await expectNothingStored(db(), before, RECEIPT_TABLES);
          }
        },
      ),
      25,
    );
  });

  it("a body that is not UTF-8 text or holds NUL bytes is 415 at once, storing nothing", async () => {
    const server = await seed();
    const uploads = `/api/enterprises/${ORG}/servers/${server.id}/usage-uploads`;
    await assertProperty(
      fc.asyncProperty(
        fc.tuple(fc.array(fc.constantFrom(...REPORT_COLUMNS), { maxLength: 6 }), fc.constantFrom("utf16le", "nul", "latin1-high", "truncated")).map(([columns, how]) => {
          const text = `${columns.join(",")}\n1,ada,ada@example.com,user,false\n`;
          if (how === "utf16le") return Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, "utf16le")]);
          if (how === "nul") return Buffer.from(`${text}\u0000`);
          if (how === "latin1-high") return Buffer.concat([Buffer.from(text), Buffer.from([0xe9, 0x0a])]);
          return Buffer.concat([Buffer.from(text), Buffer.from([0xe2, 0x82])]);
        }),
        async (bytes) => {
          const before = await tableState(db());
          const response = await rawRequest(app.baseUrl, "POST", uploads, { ...owner, "content-type": "text/csv" }, bytes);
          expect(response.status).toBe(415);
          expectRefusalShape(response);
          await expectNothingStored(db(), before);
        },
      ),
      20,
    );
  });
});
