import { describe, expect, it } from "vitest";
import { weekStart } from "../../src/sync/week-start.js";

describe("weekStart", () => {
  it.each([
    ["2026-11-30T00:00:00Z", "2026-11-30"], // a Monday
    ["2026-11-29T23:59:59Z", "2026-11-23"], // a Sunday belongs to the week before
    ["2026-12-02T12:00:00Z", "2026-11-30"],
    ["2027-01-01T08:00:00Z", "2026-12-28"], // across a year
    ["2026-11-30T01:00:00+03:00", "2026-11-23"], // UTC decides: that is Sunday 22:00 UTC
  ])("%s → %s", (now, expected) => {
    expect(weekStart(new Date(now))).toBe(expected);
  });
});
