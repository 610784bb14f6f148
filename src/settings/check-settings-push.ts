// A push that changes the settings file: apply it (or record its rejection) and report the result
// as a check run on the pushed commit.
import type { Database } from "../db/open-database.js";
import { createCheckRun } from "../github/create-check-run.js";
import type { Octokit } from "../github/octokit.js";
import { applySettingsFile, type SettingsOutcome } from "./apply-settings-file.js";
import { formatSettingsCheck, SETTINGS_CHECK_NAME } from "./format-settings-check.js";
import { SETTINGS_REPOSITORY } from "./settings-schema.js";

/** `pusher`: the login of the person who pushed (the push's sender), the audit entry's actor. */
export type SettingsPush = { installationId: number | null; owner: string; sha: string; now: Date; pusher: string };

export async function checkSettingsPush(octokit: Octokit, db: Pick<Database, "prisma">, push: SettingsPush): Promise<SettingsOutcome> {
  const outcome = await applySettingsFile(octokit, db, { installationId: push.installationId, owner: push.owner, sha: push.sha, now: push.now, auditActor: push.pusher });
  await createCheckRun(octokit, {
    owner: push.owner,
    repo: SETTINGS_REPOSITORY,
    headSha: push.sha,
    name: SETTINGS_CHECK_NAME,
    completedAt: push.now,
    ...formatSettingsCheck(outcome),
  });
  return outcome;
}
