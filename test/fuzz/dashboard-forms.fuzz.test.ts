// The dashboard's forms and page fuzzed over real HTTP, on both databases, signed in as an owner:
// the switch (urlencoded), the all_users.csv and identity-mapping uploads (multipart, built byte by
// byte so it can be broken), and the organization page's query string. Properties: never a 5xx;
// a refusal (HTML page with its status) stores nothing; a form the app takes changes only what that
// form changes (the switch: the server and its audit entry; an upload: the upload, its run and
// audit entry, then the server's users if it parses; mappings: the mappings and their audit entry).
import fc from "fast-check";
import { expect, it } from "vitest";
import { describeEachDatabase } from "../support/test-database.js";
import { waitFor } from "../support/wait-for.js";
import { ORG, PEOPLE, signIn, useTestApp } from "../http/api/serve-test-app.js";
import { hostileCsv } from "./csv-generators.js";
import { assertProperty, contentTypes, hugeString, invalidUtf8, nastyString, tableState } from "./fuzz-support.js";
import { expectNothingStored, headerValue, pathSegment, rawRequest, seedOrgWithServer } from "./http-fuzz.js";

/** Tables signing in and reading a session may touch (the session's last use). */
const SESSION = ["sessions"];

type Part = { name: string; filename?: string; contentType?: string; content: Buffer };

/** A multipart body, with an optional way to break it (no closing boundary, a wrong one, junk between). */
function multipart(boundary: string, parts: Part[], breakage: "none" | "unclosed" | "wrong-boundary" | "junk"): Buffer {
  const chunks: Buffer[] = [];
  for (const part of parts) {
    const disposition = `form-data; name="${part.name}"${part.filename !== undefined ? `; filename="${part.filename}"` : ""}`;
    chunks.push(Buffer.from(`--${breakage === "wrong-boundary" ? "x" + boundary : boundary}\r\nContent-Disposition: ${disposition}\r\n${part.contentType ? `Content-Type: ${part.contentType}\r\n` : ""}\r\n`, "latin1"), part.content, Buffer.from("\r\n"));
    if (breakage === "junk") chunks.push(Buffer.from("garbage\r\n--\r\n"));
  }
  if (breakage !== "unclosed") chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return Buffer.concat(chunks);
}

const fileName = fc.oneof(nastyString(30).map(headerValue), fc.constantFrom("all_users.csv", "..\\..\\etc\\passwd", "/etc/passwd", "", "a\"b.csv", "=cmd.csv", "a%00b.csv"));

describeEachDatabase("fuzzed dashboard forms", (db) => {
  const app = useTestApp(db, {}, { engine: { work: false } });

  async function seed() {
    const { server } = await seedOrgWithServer(db());
    const session = await signIn(app, PEOPLE.owner);
    return { server, ...session };
  }

  it("the switch form: hostile fields, CSRF tokens and content types never 5xx; refused, nothing stored", async () => {
    const { server, cookie, csrfToken } = await seed();
    await assertProperty(
      fc.asyncProperty(
        fc.oneof(fc.constant(csrfToken), nastyString(), fc.constant(undefined)),
        fc.oneof(fc.constantFrom("enabled", "disabled", "ENABLED", "on", ""), nastyString(), hugeString().map((s) => s.slice(0, 9000))),
        fc.oneof({ weight: 3, arbitrary: fc.constant("application/x-www-form-urlencoded") }, { weight: 1, arbitrary: contentTypes }),
        fc.constantFrom(server.id, "%00", "nope", "00000000-0000-4000-8000-000000000000"),
        async (csrf, value, contentType, id) => {
          const form = new URLSearchParams();
          if (csrf !== undefined) form.set("_csrf", csrf);
          form.set("license_sync", value);
          const before = await tableState(db());
          const response = await rawRequest(app.baseUrl, "POST", `/license-sync/${ORG}/servers/${id}/license-sync`, { cookie, "content-type": contentType }, form.toString());
          expect(response.status, response.text.slice(0, 200)).toBeLessThan(500);
          // "enabled" on an upload-only server is refused too (it has no token): only "disabled" changes anything.
          if (response.status === 303) {
            expect([csrf, value, id]).toEqual([csrfToken, "disabled", server.id]);
            await expectNothingStored(db(), before, [...SESSION, "ghes_servers", "audit_entries"]);
          } else {
            expect(response.status).toBeGreaterThanOrEqual(400);
            await expectNothingStored(db(), before, SESSION);
          }
        },
      ),
      20,
    );
  });

  it("the upload forms: hostile and broken multipart bodies never 5xx; refused, nothing stored", async () => {
    const { server, cookie, csrfToken } = await seed();
    const paths = { upload: `/license-sync/${ORG}/servers/${server.id}/usage-uploads`, mappings: `/license-sync/${ORG}/identity-mappings` };
    await assertProperty(
      fc.asyncProperty(
        fc.constantFrom<keyof typeof paths>("upload", "mappings"),
        fc.oneof(fc.constant(csrfToken), nastyString()),
        fc.oneof(hostileCsv.map((c) => c.bytes), invalidUtf8, fc.constant(Buffer.alloc(0))),
        fileName,
        fc.constantFrom("none", "none", "unclosed", "wrong-boundary", "junk") as fc.Arbitrary<"none" | "unclosed" | "wrong-boundary" | "junk">,
        fc.oneof(fc.constant("form-boundary-1234"), fc.stringMatching(/^[A-Za-z0-9'()+_,./:=?-]{1,70}$/)),
        fc.boolean(),
        async (form, csrf, content, filename, breakage, boundary, fileFirst) => {
          const csrfPart: Part = { name: "_csrf", content: Buffer.from(csrf) };
          const filePart: Part = { name: "file", filename, contentType: "text/csv", content };
          const body = multipart(boundary, fileFirst ? [filePart, csrfPart] : [csrfPart, filePart], breakage);
          const before = await tableState(db());
          const response = await rawRequest(app.baseUrl, "POST", paths[form], { cookie, "content-type": `multipart/form-data; boundary=${boundary}` }, body);
          expect(response.status, response.text.slice(0, 200)).toBeLessThan(500);
          if (response.status !== 303) {
            expect(response.status).toBeGreaterThanOrEqual(400);
            await expectNothingStored(db(), before, SESSION);
            return;
          }
          if (form === "mappings") {
            await expectNothingStored(db(), before, [...SESSION, "identity_mappings", "audit_entries"]);
            return;
          }
          const upload = await waitFor(async () => {
            const row = await db().prisma.upload.findFirst({ orderBy: { createdAt: "desc" } });
            return row && row.state !== "PENDING" && row;
          });
          // eslint-disable-next-line no-control-regex
          expect(upload.name).not.toMatch(/[\\/\u0000-\u001f]/);
          await expectNothingStored(db(), before, [...SESSION, "uploads", "sync_runs", "audit_entries", ...(upload.state === "SUCCESS" ? ["ghes_servers", "user_snapshots", "ghes_users"] : [])]);
          await db().prisma.upload.deleteMany();
        },
      ),
      20,
    );
  });

  it("the organization page: hostile query strings never 5xx and store nothing", async () => {
    const { cookie } = await seed();
    await assertProperty(
      fc.asyncProperty(
        fc.oneof(nastyString(), hugeString().map((s) => s.slice(0, 300)), fc.constantFrom("-1", "0", "1e9", "NaN", "99999999999999999999")),
        async (value) => {
          const before = await tableState(db());
          const v = pathSegment(value);
          const response = await rawRequest(app.baseUrl, "GET", `/license-sync/${ORG}?q=${v}&page=${v}&unmatched_page=${v}&notice=${v}`, { cookie });
          expect(response.status, response.text.slice(0, 200)).toBeLessThan(500);
          await expectNothingStored(db(), before, SESSION);
        },
      ),
      20,
    );
  });
});
