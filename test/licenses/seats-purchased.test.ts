import { describe, expect, it } from "vitest";
import { parseLicenseSeats, seatsPurchased } from "../../src/licenses/seats-purchased.js";

describe("seatsPurchased", () => {
  it.each([
    ["the settings file wins", 500, [{ seats: 1000 }, { seats: "unlimited" }], 500],
    ["settings of 0 still win", 0, [{ seats: 1000 }], 0],
    ["the largest GHES license otherwise", undefined, [{ seats: 300 }, { seats: "1200" }, { seats: 900 }], 1200],
    ["unlimited stays a string and beats any number", null, [{ seats: 300 }, { seats: "Unlimited" }], "unlimited"],
    ["licenses without seats are skipped", undefined, [null, {}, { seats: "n/a" }, { seats: -3 }, { seats: 40 }], 40],
    ["nothing says how many", undefined, [], null],
  ] as const)("%s", (_name, settings, licenses, expected) => {
    expect(seatsPurchased(settings, [...licenses])).toBe(expected);
  });

  it("reads seats from a stored GHES license", () => {
    expect(parseLicenseSeats({ seats: " 25 ", seats_used: 3 })).toBe(25);
    expect(parseLicenseSeats({ seats: 2.5 })).toBeNull();
    expect(parseLicenseSeats("500")).toBeNull();
  });
});
