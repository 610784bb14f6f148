// The audit entry for a settings file a push brought: accepted or rejected, by the person who
// pushed it (a person's act, so their login, not "github"), on the organization's `.github`
// repository at the pushed commit. Only the paths of the errors are kept: a message may quote the
// file (a YAML parse error shows the line), and the trail is no place for the file's contents.
import type { AuditRecord } from "../audit/record-audit.js";
import type { SettingsOutcome } from "./apply-settings-file.js";
import { SETTINGS_PATH, SETTINGS_REPOSITORY } from "./settings-schema.js";

export type SettingsAuditInput = { installationId: number; actor: string; owner: string; sha: string | null; now: Date };

export function settingsAuditEntry(outcome: SettingsOutcome, input: SettingsAuditInput): AuditRecord {
  // `owner/repo@sha` is how GitHub itself names a commit (its autolink form).
  const target = `${input.owner}/${SETTINGS_REPOSITORY}${input.sha ? `@${input.sha}` : ""}`;
  const details =
    outcome.kind === "accepted"
      ? { file: outcome.file === "found" ? SETTINGS_PATH : "absent (defaults in force)", commit: input.sha }
      : { file: SETTINGS_PATH, commit: input.sha, error_paths: [...new Set(outcome.errors.map((e) => e.path))] };
  return {
    installationId: input.installationId,
    actor: input.actor,
    action: outcome.kind === "accepted" ? "settings.accepted" : "settings.rejected",
    target,
    details,
    at: input.now,
  };
}
