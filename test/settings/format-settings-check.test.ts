import { describe, expect, it } from "vitest";
import { formatSettingsCheck } from "../../src/settings/format-settings-check.js";
import { DEFAULT_SETTINGS } from "../../src/settings/settings-schema.js";

describe("formatSettingsCheck", () => {
  it("fails listing every error with its path and says the last valid settings stay", () => {
    const check = formatSettingsCheck({
      kind: "rejected",
      errors: [
        { path: "alerts.seat_threshold", message: "must be between 0 and 1" },
        { path: "retention_days", message: "must be a whole number of days, at least 1" },
      ],
    });
    expect(check.conclusion).toBe("failure");
    expect(check.title).toBe(".github/license-sync.yml has 2 errors");
    expect(check.summary).toContain("- alerts.seat_threshold: must be between 0 and 1");
    expect(check.summary).toContain("- retention_days: must be a whole number of days, at least 1");
    expect(check.summary).toContain("last valid settings stay in force");
  });

  it("says one error in the singular", () => {
    expect(formatSettingsCheck({ kind: "rejected", errors: [{ path: "seats", message: "m" }] }).title).toBe(
      ".github/license-sync.yml has 1 error",
    );
  });

  it("succeeds showing the settings now in force", () => {
    const check = formatSettingsCheck({ kind: "accepted", file: "found", settings: { ...DEFAULT_SETTINGS, seats: 500 } });
    expect(check).toMatchObject({ conclusion: "success", title: ".github/license-sync.yml is valid" });
    expect(check.text).toContain('"seats": 500');
  });

  it("succeeds when the file was removed, with the defaults in force", () => {
    const check = formatSettingsCheck({ kind: "accepted", file: "absent", settings: { ...DEFAULT_SETTINGS } });
    expect(check).toMatchObject({ conclusion: "success", summary: "There is no settings file: the defaults are in force." });
  });
});
