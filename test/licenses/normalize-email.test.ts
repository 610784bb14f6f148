import { describe, expect, it } from "vitest";
import { normalizeEmail, normalizeLogin } from "../../src/licenses/normalize-email.js";

describe("normalizeEmail", () => {
  it.each([
    [" Ana.Lopez@Corp.EXAMPLE ", "ana.lopez@corp.example"],
    ["bob@x.example", "bob@x.example"],
    ["   ", null],
    ["", null],
    [null, null],
    [undefined, null],
  ])("%j → %j", (input, expected) => {
    expect(normalizeEmail(input)).toBe(expected);
  });

  it("lower-cases logins", () => {
    expect(normalizeLogin(" OctoCat")).toBe("octocat");
  });
});
