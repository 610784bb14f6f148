// The manual upload of `all_users.csv` fuzzed over real HTTP, on both databases: hostile files
// (random columns, quotes, BOMs, mixed line ends, formula cells, huge rows, NUL bytes, UTF-16 and
// Latin-1), hostile names (query and Content-Disposition) and content types.
//
// What is right (the product's upload rules): a body that is not UTF-8 text is 415, and one of
// another content type 415, both storing nothing. A text body is taken (202 PENDING, recorded with
// its run and an audit entry) and then becomes SUCCESS or FAILURE with the reason
// ("all_users.csv line N: …"), a FAILURE changing nothing else. Never a 5xx.
//
// Which of the two, and what is stored, is judged without the app's parser: most files come from
// known-reports.ts, built from their users (SUCCESS storing exactly those users) or with one defect
// put in (FAILURE on that defect's line). Files of random bytes have no known reading; for those
// the test holds what must be true either way (a SUCCESS stores as many users as it says, each
// with an id and a login; a FAILURE gives a reason and changes nothing).
import fc from "fast-check";
import { expect, it } from "vitest";
import { describeEachDatabase, type TestDatabase } from "../support/test-database.js";
import { waitFor } from "../support/wait-for.js";
import { bearer, ORG, PEOPLE, seedInstallation, useTestApp } from "../http/api/serve-test-app.js";
import { hostileCsv, REPORT_COLUMNS } from "./csv-generators.js";
import { assertProperty, contentTypes, nastyString, tableState } from "./fuzz-support.js";
import { expectNothingStored, expectRefusalShape, headerValue, pathSegment, rawRequest } from "./http-fuzz.js";
import { brokenReport, validReport, type StoredUser } from "./known-reports.js";

const owner = bearer(PEOPLE.owner);
/** What a taken upload writes whatever its outcome: the upload, its run, the audit entry. */
const RECEIPT_TABLES = ["uploads", "sync_runs", "audit_entries"];
/** What a successful one changes besides: the server's user list and its pointer to it. */
const SUCCESS_TABLES = [...RECEIPT_TABLES, "ghes_servers", "user_snapshots", "ghes_users"];

/** UTF-8 text without NUL: what the upload takes (RFC 3629's decoder, not the app's reading). */
function isText(bytes: Buffer): boolean {
  try {
    return !new TextDecoder("utf-8", { fatal: true }).decode(bytes).includes("\u0000");
  } catch {
    return false;
  }
}

/** The server's users in force, as stored. */
async function usersInForce(db: TestDatabase, serverId: string): Promise<StoredUser[]> {
  const rows = await db.sql.query<{ ghes_id: number; login: string; email: string | null; role: string | null; suspended: boolean }>(
    `SELECT u.ghes_id, u.login, u.email, u.role, u.suspended FROM ghes_servers s JOIN ghes_users u ON u.snapshot_id = s.current_snapshot_id
      WHERE s.id = $1 ORDER BY u.ghes_id`,
    [serverId],
  );
  return rows.map((r) => ({ ghesId: r.ghes_id, login: r.login, email: r.email, role: r.role, suspended: r.suspended }));
}

/** A file to upload, with its known reading when it has one. */
const uploadFile = fc.oneof(
  { weight: 2, arbitrary: validReport },
  { weight: 2, arbitrary: brokenReport },
  { weight: 1, arbitrary: hostileCsv.map(({ bytes }) => ({ bytes })) },
);

describeEachDatabase("fuzzed all_users.csv uploads", (db) => {
  const app = useTestApp(db, {}, { engine: { work: false } });

  async function seed() {
    const installation = await seedInstallation(db());
    return db().prisma.ghesServer.create({
      data: { installationId: installation.id, hostname: "ghes.example.com", apiUrl: "https://ghes.example.com/api/v3", registeredBy: PEOPLE.owner.login },
    });
  }

  it("a hostile file, name or content type: 202 then SUCCESS storing the report's users or FAILURE naming the defect's line, else 4xx changing nothing; never 5xx", async () => {
    const server = await seed();
    const uploads = `/api/enterprises/${ORG}/servers/${server.id}/usage-uploads`;
    await assertProperty(
      fc.asyncProperty(
        uploadFile,
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
        async (file, contentType, { name, disposition }: { name?: string; disposition?: string }) => {
          const { bytes } = file;
          const before = await tableState(db());
          const query = name === undefined ? "" : `?name=${pathSegment(name)}`;
          const response = await rawRequest(app.baseUrl, "POST", uploads + query, { ...owner, "content-type": contentType, "content-disposition": disposition }, bytes);
          expect(response.status, response.text.slice(0, 300)).toBeLessThan(500);
          // A CSV with no name to judge: taken exactly when it is text.
          if (contentType === "text/csv" && name === undefined && disposition === undefined) {
            expect(response.status, response.text.slice(0, 300)).toBe(isText(bytes) ? 202 : 415);
          }
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
          if ("users" in file) {
            expect(done.state, done.error ?? "").toBe("SUCCESS");
            expect(run.status).toBe("success");
            expect(done.rows).toBe(file.users.length);
            expect(await usersInForce(db(), server.id)).toEqual(file.users);
            await expectNothingStored(db(), before, SUCCESS_TABLES);
          } else if ("failure" in file) {
            expect(done.state, `${file.defect}: ${done.error}`).toBe("FAILURE");
            expect(done.error).toMatch(file.failure);
            expect(run).toMatchObject({ status: "failed", error: done.error });
            await expectNothingStored(db(), before, RECEIPT_TABLES);
          } else if (done.state === "SUCCESS") {
            const stored = await usersInForce(db(), server.id);
            expect(stored).toHaveLength(done.rows!);
            expect(new Set(stored.map((u) => u.ghesId)).size).toBe(stored.length);
            for (const user of stored) {
              expect(user.ghesId).toBeGreaterThan(0);
              expect(user.login).toBe(user.login.trim());
              expect(user.login).not.toBe("");
            }
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
