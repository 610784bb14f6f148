import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compareCodePoints } from "../../src/licenses/compare-code-points.js";

/** Code point order as PostgreSQL's "C" collation has it: by UTF-8 bytes. */
const byUtf8 = (a: string, b: string) => Buffer.compare(Buffer.from(a, "utf8"), Buffer.from(b, "utf8"));

describe("compareCodePoints", () => {
  it.each([
    ["a", "b", -1],
    ["b", "a", 1],
    ["ab", "a", 1],
    ["a", "a", 0],
    // U+FF21 (fullwidth A) is one UTF-16 unit above the surrogates, but a lower code point than U+1F600.
    ["\uff21", "\u{1f600}", -1],
    ["\u{1f600}", "\uff21", 1],
    ["x\u{1f600}", "x\u{1f601}", -1],
  ])("compares %j with %j as %i", (a, b, sign) => {
    expect(Math.sign(compareCodePoints(a, b))).toBe(sign);
  });

  it("agrees with UTF-8 byte order", () => {
    const anyCharacter = fc.integer({ min: 0, max: 0x10ffff }).filter((c) => c < 0xd800 || c > 0xdfff).map((c) => String.fromCodePoint(c));
    const text = fc.string({ unit: fc.oneof(fc.constantFrom("a", "é", "\uff21", "\ue000", "\u{1f600}", "\u{10ffff}"), anyCharacter) });
    fc.assert(fc.property(text, text, (a, b) => Math.sign(compareCodePoints(a, b)) === Math.sign(byUtf8(a, b))));
  });
});
