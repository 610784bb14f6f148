// The check run that tells the person who pushed whether the settings file is valid: every
// error on its own line with its path, and what is in force meanwhile.
import type { SettingsOutcome } from "./apply-settings-file.js";
import { SETTINGS_PATH } from "./settings-schema.js";
import { formatSettingsError } from "./validate-settings.js";

export const SETTINGS_CHECK_NAME = "license-sync settings";

export type SettingsCheckOutput = {
  conclusion: "success" | "failure";
  title: string;
  summary: string;
  text?: string;
};

export function formatSettingsCheck(outcome: SettingsOutcome): SettingsCheckOutput {
  if (outcome.kind === "accepted") {
    const text = ["Settings in force:", "", "```json", JSON.stringify(outcome.settings, null, 2), "```"].join("\n");
    return outcome.file === "absent"
      ? { conclusion: "success", title: `${SETTINGS_PATH} removed`, summary: "There is no settings file: the defaults are in force.", text }
      : { conclusion: "success", title: `${SETTINGS_PATH} is valid`, summary: "The settings are valid and now in force.", text };
  }
  const count = outcome.errors.length;
  return {
    conclusion: "failure",
    title: `${SETTINGS_PATH} has ${count} error${count === 1 ? "" : "s"}`,
    summary: [
      `The settings file was not applied; the last valid settings stay in force.`,
      "",
      ...outcome.errors.map((error) => `- ${formatSettingsError(error)}`),
    ].join("\n"),
  };
}
