import { describe, expect, it } from "vitest";
import { DEFAULT_SETTINGS } from "../../src/settings/settings-schema.js";
import { formatSettingsError, validateSettings } from "../../src/settings/validate-settings.js";

const errorsOf = (raw: unknown): string[] => {
  const result = validateSettings(raw);
  if (result.valid) throw new Error("expected the settings to be refused");
  return result.errors.map(formatSettingsError);
};

describe("validateSettings", () => {
  it("fills the contract's defaults for an empty or absent file", () => {
    const expected = {
      matching: { saml: true, verified_domain_emails: true, public_email: true, login: false },
      alerts: { seat_threshold: 0.9, failed_syncs: 2 },
      retention_days: 400,
    };
    expect(validateSettings({})).toEqual({ valid: true, settings: expected });
    expect(validateSettings(null)).toEqual({ valid: true, settings: expected });
    expect(DEFAULT_SETTINGS).toEqual(expected);
    expect(DEFAULT_SETTINGS.seats).toBeUndefined();
  });

  it("accepts the contract's example file as written", () => {
    const file = {
      seats: 500,
      matching: { saml: true, verified_domain_emails: true, public_email: true, login: false },
      alerts: { seat_threshold: 0.9, failed_syncs: 2 },
      retention_days: 400,
    };
    expect(validateSettings(file)).toEqual({ valid: true, settings: file });
  });

  it("keeps what is given and defaults the rest of a section", () => {
    const result = validateSettings({ matching: { login: true }, alerts: { seat_threshold: 0.75 } });
    expect(result).toMatchObject({
      valid: true,
      settings: { matching: { saml: true, login: true }, alerts: { seat_threshold: 0.75, failed_syncs: 2 } },
    });
  });

  it("treats `seats:` with no value as absent", () => {
    expect(validateSettings({ seats: null })).toMatchObject({ valid: true, settings: { retention_days: 400 } });
  });

  it("names the path of an out-of-range threshold", () => {
    expect(errorsOf({ alerts: { seat_threshold: 1.5 } })).toEqual(["alerts.seat_threshold: must be between 0 and 1"]);
    expect(errorsOf({ alerts: { seat_threshold: -0.1 } })).toEqual(["alerts.seat_threshold: must be between 0 and 1"]);
    expect(errorsOf({ alerts: { seat_threshold: "90%" } })).toEqual(["alerts.seat_threshold: must be between 0 and 1"]);
  });

  it("lists every error, not only the first", () => {
    expect(
      errorsOf({ seats: -3, matching: { saml: "yes" }, alerts: { failed_syncs: 0 }, retention_days: 1.5 }),
    ).toEqual([
      "seats: must be a whole number of seats, at least 1",
      "matching.saml: must be true or false",
      "alerts.failed_syncs: must be a whole number, at least 1",
      "retention_days: must be a whole number of days, at least 1",
    ]);
  });

  it("refuses unknown keys, naming the known ones at that level", () => {
    expect(errorsOf({ retention: 30, alerts: { seat_treshold: 0.5 } })).toEqual([
      "alerts.seat_treshold: is not a setting (known here: seat_threshold, failed_syncs)",
      "retention: is not a setting (known here: seats, matching, alerts, retention_days)",
    ]);
  });

  it("refuses a file that is not a mapping, and a section that is not one", () => {
    expect(errorsOf([1, 2])).toEqual(["(file): must be a mapping of settings (seats, matching, alerts, retention_days)"]);
    expect(errorsOf({ matching: "all" })).toEqual(["matching: must be a mapping of rule names to true or false"]);
  });

  it("refuses infinite numbers (YAML .inf)", () => {
    expect(errorsOf({ seats: Number.POSITIVE_INFINITY })).toEqual(["seats: must be a whole number of seats, at least 1"]);
  });
});
