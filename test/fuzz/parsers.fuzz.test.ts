// The parsers behind every door, fuzzed without a database: whatever arrives, each one answers in
// its own terms (a value, or its own error type with a 4xx status / a line number) and never
// throws anything else, never pollutes Object.prototype.
import type { IncomingMessage } from "node:http";
import { Readable } from "node:stream";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { mergeConfigs } from "../../src/github/read-settings-file.js";
import { HttpError } from "../../src/http/http-error.js";
import { readJsonBody } from "../../src/http/read-json-body.js";
import { decodeText, readTextBody } from "../../src/http/read-text-body.js";
import { requestIdOf } from "../../src/http/request-id.js";
import { uploadName } from "../../src/http/api/upload-view.js";
import { parseIdentityMappings } from "../../src/licenses/identity-mappings.js";
import { registerServerInput, updateServerInput } from "../../src/servers/server-input.js";
import { validateSettings } from "../../src/settings/validate-settings.js";
import { AllUsersCsvError, parseAllUsersCsv } from "../../src/sync/parse-all-users-csv.js";
import { assertProperty, contentTypes, hostileJsonText, hostileJsonValue, HOSTILE_KEYS, hugeString, invalidUtf8, nastyString, prototypeIsClean, wrongValue } from "./fuzz-support.js";
import { hostileCsv } from "./csv-generators.js";
import { brokenReport, validReport, type KnownReport } from "./known-reports.js";

/** A request as readJsonBody/readTextBody see it: headers and a body stream (in chunks). */
function fakeRequest(body: Buffer, headers: Record<string, string | undefined>, chunkSize = 7919): IncomingMessage {
  const chunks: Buffer[] = [];
  for (let offset = 0; offset < body.length; offset += chunkSize) chunks.push(body.subarray(offset, offset + chunkSize));
  const stream = Readable.from(chunks) as unknown as IncomingMessage;
  stream.headers = Object.fromEntries(Object.entries(headers).filter(([, v]) => v !== undefined)) as IncomingMessage["headers"];
  return stream;
}

/** What a refusal must look like: an HttpError with a 4xx status, and field errors with paths on 422. */
function expectRefusal(error: unknown, statuses: number[]): void {
  expect(error).toBeInstanceOf(HttpError);
  const refusal = error as HttpError;
  expect(statuses).toContain(refusal.status);
  expect(refusal.message).toEqual(expect.any(String));
  if (refusal.status === 422) {
    expect(refusal.errors?.length).toBeGreaterThan(0);
    for (const field of refusal.errors!) expect(field).toEqual({ path: expect.any(String), message: expect.any(String) });
  }
}

const schemas = { register: registerServerInput, update: updateServerInput, any: z.unknown() };

describe("readJsonBody", () => {
  it("answers any body, content type and declared length with the value or a 400/413/415/422", async () => {
    await assertProperty(
      fc.asyncProperty(
        fc.oneof(hostileJsonText.map((text) => Buffer.from(text)), invalidUtf8, hugeString().map((s) => Buffer.from(JSON.stringify({ hostname: s })))),
        contentTypes,
        fc.option(fc.constantFrom("0", "-1", "abc", "1e9", "99999999999999999999", "NaN"), { nil: undefined }),
        fc.constantFrom(...(Object.keys(schemas) as Array<keyof typeof schemas>)),
        async (body, contentType, contentLength, schemaName) => {
          const req = fakeRequest(body, { "content-type": contentType, "content-length": contentLength });
          const result = await readJsonBody(req, schemas[schemaName], 16 * 1024).then(
            (value) => ({ ok: true as const, value }),
            (error: unknown) => ({ ok: false as const, error }),
          );
          if (result.ok) {
            expect(schemas[schemaName].safeParse(result.value).success).toBe(true);
          } else {
            expectRefusal(result.error, [400, 413, 415, 422]);
          }
          expect(prototypeIsClean()).toBe(true);
        },
      ),
      150,
    );
  });

  it("refuses a valid-shaped body with a wrong value in any field with 422 naming that field", async () => {
    await assertProperty(
      fc.asyncProperty(
        fc.constantFrom("hostname", "api_url", "token"),
        wrongValue.filter((v) => typeof v !== "string"),
        async (field, value) => {
          const body = { hostname: "ghes.example.com", [field]: value };
          const text = JSON.stringify(body);
          // JSON drops undefined; a value it cannot carry is not this property's concern.
          fc.pre(JSON.parse(text)[field] !== undefined || field === "hostname");
          const error = await readJsonBody(fakeRequest(Buffer.from(text), { "content-type": "application/json" }), registerServerInput).then(
            () => undefined,
            (e: unknown) => e,
          );
          expectRefusal(error, [422]);
          expect((error as HttpError).errors!.map((e) => e.path)).toContain(field);
        },
      ),
      150,
    );
  });
});

describe("readTextBody", () => {
  it("gives back UTF-8 text without NUL bytes, or refuses with 413/415", async () => {
    await assertProperty(
      fc.asyncProperty(
        fc.oneof(invalidUtf8, fc.string({ unit: "binary", maxLength: 200 }).map((s) => Buffer.from(s)), fc.uint8Array({ maxLength: 200 }).map((a) => Buffer.from(a))),
        contentTypes,
        async (body, contentType) => {
          const result = await readTextBody(fakeRequest(body, { "content-type": contentType }), ["text/csv", "text/plain"], 100).then(
            (text) => ({ ok: true as const, text }),
            (error: unknown) => ({ ok: false as const, error }),
          );
          if (result.ok) {
            expect(result.text).not.toContain("\u0000");
            expect(Buffer.from(result.text, "utf8").equals(body)).toBe(true);
          } else {
            expectRefusal(result.error, [413, 415]);
          }
        },
      ),
      200,
    );
  });

  it("decodeText never lets NUL or invalid UTF-8 through", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
        let text: string | undefined;
        try {
          text = decodeText(Buffer.from(bytes), "The body");
        } catch (error) {
          expectRefusal(error, [415]);
          return;
        }
        expect(text).not.toContain("\u0000");
        expect(Buffer.from(text, "utf8").equals(Buffer.from(bytes))).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});

describe("parseAllUsersCsv", () => {
  it("yields typed users or stops with an AllUsersCsvError (with a line number when it has one), nothing else", async () => {
    await assertProperty(
      fc.asyncProperty(hostileCsv, fc.integer({ min: 1, max: 64 }), async ({ bytes }, chunkSize) => {
        const chunks: Buffer[] = [];
        for (let offset = 0; offset < bytes.length; offset += chunkSize) chunks.push(bytes.subarray(offset, offset + chunkSize));
        const rows: unknown[] = [];
        try {
          for await (const row of parseAllUsersCsv(Readable.from(chunks))) rows.push(row);
        } catch (error) {
          expect(error).toBeInstanceOf(AllUsersCsvError);
          const csvError = error as AllUsersCsvError;
          expect(csvError.line === null || (Number.isInteger(csvError.line) && csvError.line >= 1)).toBe(true);
          expect(csvError.message).toMatch(/^all_users\.csv/);
          return;
        }
        for (const row of rows) {
          expect(row).toMatchObject({ ghesId: expect.any(Number), login: expect.any(String), suspended: expect.any(Boolean) });
          const { ghesId, login } = row as { ghesId: number; login: string };
          expect(ghesId).toBeGreaterThan(0);
          expect(login.trim()).not.toBe("");
        }
        expect(prototypeIsClean()).toBe(true);
      }),
      150,
    );
  });
});

describe("parseAllUsersCsv against reports of known content", () => {
  /** What the parser makes of the bytes (in chunks of any size): the users it read, or its error. */
  async function read({ bytes }: KnownReport, chunkSize: number) {
    const chunks: Buffer[] = [];
    for (let offset = 0; offset < bytes.length; offset += chunkSize) chunks.push(bytes.subarray(offset, offset + chunkSize));
    const users = [];
    try {
      for await (const row of parseAllUsersCsv(Readable.from(chunks))) users.push({ ghesId: row.ghesId, login: row.login, email: row.email, role: row.role, suspended: row.suspended });
    } catch (error) {
      expect(error).toBeInstanceOf(AllUsersCsvError);
      return { error: (error as Error).message };
    }
    return { users: users.sort((a, b) => a.ghesId - b.ghesId) };
  }

  it("reads every user of a report GHES could have written, as written", async () => {
    await assertProperty(
      fc.asyncProperty(validReport, fc.integer({ min: 1, max: 64 }), async (report, chunkSize) => {
        expect(await read(report, chunkSize)).toEqual({ users: "users" in report ? report.users : [] });
      }),
      300,
    );
  });

  it("stops at the one defect put in a report, naming its line and what is wrong", async () => {
    await assertProperty(
      fc.asyncProperty(brokenReport, fc.integer({ min: 1, max: 64 }), async (report, chunkSize) => {
        const outcome = await read(report, chunkSize);
        expect(outcome.error, `${"defect" in report ? report.defect : ""}: ${JSON.stringify(outcome.users)}`).toMatch("failure" in report ? report.failure : /never/);
      }),
      300,
    );
  });
});

describe("parseIdentityMappings", () => {
  it("returns mappings or errors with a path, never throws, never maps to a login GitHub cannot have", () => {
    fc.assert(
      fc.property(
        fc.oneof(
          hostileCsv.map((c) => c.bytes.toString("utf8")),
          fc
            .tuple(fc.array(fc.tuple(nastyString(20), nastyString(20)), { maxLength: 8 }), fc.constantFrom("\n", "\r\n", "\r"))
            .map(([rows, end]) => ["enterprise_server_login_or_email,github_com_login", ...rows.map(([a, b]) => `${a},${b}`)].join(end)),
        ),
        (csv) => {
          const { mappings, errors } = parseIdentityMappings(csv);
          for (const error of errors) expect(error).toEqual({ path: expect.any(String), message: expect.any(String) });
          for (const mapping of mappings) {
            expect(mapping.githubLogin).toMatch(/^[a-z\d](?:[a-z\d]|-(?=[a-z\d])){0,38}$/i);
            expect(mapping.serverKey).not.toBe("");
          }
          expect(new Set(mappings.map((m) => m.serverKey)).size).toBe(mappings.length);
          expect(prototypeIsClean()).toBe(true);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe("the settings file", () => {
  it("validateSettings answers any parsed YAML with settings or errors with paths, never throws", () => {
    const settingsLike = fc.oneof(
      hostileJsonValue,
      fc.record(
        {
          seats: wrongValue,
          matching: fc.oneof(wrongValue, fc.dictionary(fc.constantFrom("saml", "verified_domain_emails", "public_email", "login", ...HOSTILE_KEYS), wrongValue)),
          alerts: fc.oneof(wrongValue, fc.dictionary(fc.constantFrom("seat_threshold", "failed_syncs", ...HOSTILE_KEYS), wrongValue)),
          retention_days: wrongValue,
        },
        { requiredKeys: [] },
      ),
    );
    fc.assert(
      fc.property(settingsLike, (raw) => {
        const result = validateSettings(raw);
        if (result.valid) expect(result.settings).toEqual(expect.any(Object));
        else for (const error of result.errors) expect(error).toEqual({ path: expect.any(String), message: expect.any(String) });
        expect(prototypeIsClean()).toBe(true);
      }),
      { numRuns: 400 },
    );
  });

  it("mergeConfigs (the _extends merge) copies hostile keys without polluting Object.prototype", () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(hostileJsonValue, fc.constant(JSON.parse('{"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}}}'))), { maxLength: 4 }), (configs) => {
        mergeConfigs(configs);
        expect(prototypeIsClean()).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});

describe("names and ids taken from headers and query strings", () => {
  it("uploadName is a short file name without a path or control characters, whatever the query or Content-Disposition says", () => {
    fc.assert(
      fc.property(fc.option(fc.oneof(nastyString(), hugeString()), { nil: null }), fc.option(fc.oneof(nastyString().map((s) => `attachment; filename="${s}"`), nastyString().map((s) => `attachment; filename*=UTF-8''${s}`), nastyString()), { nil: undefined }), (query, disposition) => {
        const name = uploadName(query, disposition);
        expect(name.length).toBeGreaterThan(0);
        expect(name.length).toBeLessThanOrEqual(255);
        // eslint-disable-next-line no-control-regex
        expect(name).not.toMatch(/[\\/\u0000-\u001f\u007f]/);
      }),
      { numRuns: 400 },
    );
  });

  it("requestIdOf echoes only safe ids", () => {
    fc.assert(
      fc.property(fc.option(fc.oneof(nastyString(), fc.array(nastyString(), { maxLength: 3 }), hugeString()), { nil: undefined }), (header) => {
        expect(requestIdOf(header)).toMatch(/^[A-Za-z0-9._:-]{1,128}$/);
      }),
      { numRuns: 300 },
    );
  });
});
