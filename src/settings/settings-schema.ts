// `.github/license-sync.yml`: policies only, never secrets. Every
// key is optional and has the contract's default; unknown keys are refused so a typo does not
// silently leave a default in force.
import { z } from "zod";

export const SETTINGS_REPOSITORY = ".github";
export const SETTINGS_FILE_NAME = "license-sync.yml";
export const SETTINGS_PATH = `.github/${SETTINGS_FILE_NAME}`;

const flag = (byDefault: boolean) => z.boolean({ error: "must be true or false" }).default(byDefault);

const wholeNumber = (minimum: number, message: string) =>
  z.number({ error: message }).int({ error: message }).min(minimum, { error: message });

export const settingsSchema = z.strictObject(
  {
    /** Purchased seats; when absent, taken from the GHES license. `seats:` with no value is absent. */
    seats: wholeNumber(1, "must be a whole number of seats, at least 1")
      .nullish()
      .transform((value) => value ?? undefined),
    matching: z
      .strictObject(
        {
          saml: flag(true),
          verified_domain_emails: flag(true),
          public_email: flag(true),
          login: flag(false),
        },
        { error: "must be a mapping of rule names to true or false" },
      )
      .prefault({}),
    alerts: z
      .strictObject(
        {
          seat_threshold: z
            .number({ error: "must be between 0 and 1" })
            .min(0, { error: "must be between 0 and 1" })
            .max(1, { error: "must be between 0 and 1" })
            .default(0.9),
          failed_syncs: wholeNumber(1, "must be a whole number, at least 1").default(2),
        },
        { error: "must be a mapping with seat_threshold and failed_syncs" },
      )
      .prefault({}),
    retention_days: wholeNumber(1, "must be a whole number of days, at least 1").default(400),
  },
  { error: "must be a mapping of settings (seats, matching, alerts, retention_days)" },
);

export type LicenseSyncSettings = z.output<typeof settingsSchema>;

export const DEFAULT_SETTINGS: LicenseSyncSettings = Object.freeze(settingsSchema.parse({}));
