// Reads, validates and records the settings file of an organization: a valid (or absent) file
// becomes the settings in force; an invalid one is recorded as rejected and changes nothing else.
import type { Database } from "../db/open-database.js";
import type { Octokit } from "../github/octokit.js";
import { readSettingsFile } from "../github/read-settings-file.js";
import { settingsAuditEntry } from "./settings-audit.js";
import { DEFAULT_SETTINGS, SETTINGS_PATH, type LicenseSyncSettings } from "./settings-schema.js";
import { acceptSettings, rejectSettings } from "./store-settings.js";
import { validateSettings, type SettingsError } from "./validate-settings.js";

export type SettingsOutcome =
  | { kind: "accepted"; settings: LicenseSyncSettings; file: "found" | "absent" }
  | { kind: "rejected"; errors: SettingsError[] };

export type ApplySettingsInput = {
  /** The installation's row id; null when it is not recorded (the file is still checked). */
  installationId: number | null;
  owner: string;
  /** The commit to read; the default branch when absent. */
  sha?: string;
  now: Date;
  /** Who brought the file (a push's sender): the outcome then leaves one audit entry. */
  auditActor?: string;
};

export async function applySettingsFile(octokit: Octokit, db: Pick<Database, "prisma">, input: ApplySettingsInput): Promise<SettingsOutcome> {
  const outcome = await readAndValidate(octokit, input.owner, input.sha);
  if (input.installationId !== null) {
    const sha = input.sha ?? null;
    const audit = input.auditActor === undefined ? undefined : settingsAuditEntry(outcome, { installationId: input.installationId, actor: input.auditActor, owner: input.owner, sha, now: input.now });
    if (outcome.kind === "accepted") await acceptSettings(db, input.installationId, outcome.settings, sha, input.now, audit);
    else await rejectSettings(db, input.installationId, outcome.errors, sha, input.now, audit);
  }
  return outcome;
}

async function readAndValidate(octokit: Octokit, owner: string, sha: string | undefined): Promise<SettingsOutcome> {
  const file = await readSettingsFile(octokit, owner, sha);
  if (file.kind === "absent") return { kind: "accepted", settings: { ...DEFAULT_SETTINGS }, file: "absent" };
  if (file.kind === "unreadable") return { kind: "rejected", errors: [{ path: SETTINGS_PATH, message: file.message }] };
  const validation = validateSettings(file.content);
  return validation.valid
    ? { kind: "accepted", settings: validation.settings, file: "found" }
    : { kind: "rejected", errors: validation.errors };
}
