import fc from "fast-check";
import { expect, it } from "vitest";
import { ghesUserRecordSchema, readValidGhesUserRecord } from "../../src/sync/ghes-user-row.js";

// The quick reading of a report row must accept only what the schema accepts, and read it the same.
const word = fc.constantFrom("", " ", "true", "FALSE", " t ", "yes", "n", "0", "1", "maybe", "NULL");
const time = fc.constantFrom("", "never", "N/A", "2024-01-31 09:15:00 -0800", "2024-01-31 09:15:00 UTC", "2024-01-31T09:15:00Z", "2024-01-31", "2024-02-30 25:00:00", "yesterday", " 2020-01-01 10:00:00 -0800 ");
const id = fc.oneof(fc.constantFrom("", " 7 ", "0", "-1", "2147483647", "2147483648", "99999999999", "1e3", "abc"), fc.nat().map(String));
const text = fc.oneof(fc.constantFrom("", "  ", " Ana@Corp.Example ", "scim-admin"), fc.string());
const optional = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });

it("reads a valid row as the schema does and leaves every other row to the schema", () => {
  fc.assert(
    fc.property(
      fc.record({
        id,
        login: text,
        email: optional(text),
        role: optional(text),
        "suspended?": optional(word),
        "dormant?": optional(word),
        created_at: optional(time),
        last_active: optional(time),
        raw_login: optional(text),
        "2fa_enabled?": optional(word),
      }),
      (fields) => {
        const quick = readValidGhesUserRecord(fields);
        const parsed = ghesUserRecordSchema.safeParse(fields);
        if (quick !== null) expect(parsed).toEqual({ success: true, data: quick });
        else expect(parsed.success && fields.email !== undefined && fields.role !== undefined && fields["suspended?"] !== undefined).toBe(false);
      },
    ),
    { numRuns: 1000 },
  );
});
