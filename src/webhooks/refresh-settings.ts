// Reads the settings file from the default branch outside a push (a new or re-permissioned
// installation). A failure to read it is logged and leaves the settings in force as they were:
// the next push to the file or the next permissions change reads it again.
import type { Installation } from "@prisma/client";
import type { Context } from "probot";
import type { AppDependencies } from "../app.js";
import { applySettingsFile } from "../settings/apply-settings-file.js";
import { formatSettingsError } from "../settings/validate-settings.js";

export async function refreshSettings(context: Context, deps: AppDependencies, installation: Installation): Promise<string> {
  try {
    const outcome = await applySettingsFile(context.octokit, deps.db, { installationId: installation.id, owner: installation.login, now: deps.now() });
    if (outcome.kind === "accepted") return outcome.file === "found" ? "settings file applied" : "no settings file, defaults in force";
    context.log.warn({ errors: outcome.errors.map(formatSettingsError) }, `settings file of ${installation.login} is invalid`);
    return "settings file invalid, last valid settings kept";
  } catch (error) {
    context.log.warn({ err: error }, `could not read the settings file of ${installation.login}`);
    return "settings file not read";
  }
}
