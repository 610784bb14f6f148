import fc from "fast-check";
import { describe, expect, inject, it } from "vitest";
import { shortValue } from "./fast-check-report.js";

describe("a failed property's report", () => {
  it("names the run's seed and shows a 100 KB counterexample in a few lines", () => {
    const huge = fc.constant({ file: Buffer.alloc(100_000, "x"), cells: Array.from({ length: 500 }, () => "y".repeat(1_000)) });
    let message = "";
    try {
      fc.assert(
        fc.property(huge, ({ file }) => {
          expect(file.length).toBe(0);
        }),
        { numRuns: 1 },
      );
    } catch (error) {
      message = (error as Error).message;
      expect((error as Error).cause).toBeInstanceOf(Error);
    }
    expect(message).toContain(`replay with FUZZ_SEED=${inject("fastCheckSeed")}`);
    expect(message).toContain("<100000 bytes: ");
    expect(message).toContain("…(1000 chars)");
    expect(message).toContain("…(500 items)");
    expect(message).toMatch(/Failure: expected 100000 to be \+0/);
    expect(message.length).toBeLessThan(3_000);
  });

  it("shortens every kind of value it meets", () => {
    expect(shortValue("short")).toBe('"short"');
    expect(shortValue("a".repeat(500))).toBe(`"${"a".repeat(80)}"…(500 chars)`);
    expect(shortValue(new Uint8Array([104, 105]))).toBe('<2 bytes: "hi">');
    expect(shortValue({ a: [1, /x/, null, undefined] })).toBe('{"a": [1, /x/, null, undefined]}');
    expect(shortValue([[[[[["deep"]]]]]])).toBe("[[[[[…]]]]]");
  });
});
