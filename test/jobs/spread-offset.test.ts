import { describe, expect, it } from "vitest";
import { spreadOffsetSeconds } from "../../src/jobs/spread-offset.js";

describe("spreadOffsetSeconds", () => {
  it("keeps an installation at the same offset inside the window", () => {
    for (const id of [1, 2, 99, 123456]) {
      const offset = spreadOffsetSeconds(id, 3600);
      expect(offset).toBe(spreadOffsetSeconds(id, 3600));
      expect(offset).toBeGreaterThanOrEqual(0);
      expect(offset).toBeLessThan(3600);
      expect(Number.isInteger(offset)).toBe(true);
    }
  });

  it("spreads a fleet over the window", () => {
    const offsets = Array.from({ length: 1000 }, (_, i) => spreadOffsetSeconds(i + 1, 3600));
    const quarters = [0, 1, 2, 3].map((q) => offsets.filter((o) => Math.floor(o / 900) === q).length);
    // 1000 hashed ids: each quarter of the hour gets roughly a quarter of them.
    for (const count of quarters) expect(count).toBeGreaterThan(180);
    expect(new Set(offsets).size).toBeGreaterThan(700);
  });

  it("starts everything at once without a window", () => {
    expect(spreadOffsetSeconds(7, 0)).toBe(0);
    expect(spreadOffsetSeconds(7, -5)).toBe(0);
  });
});
