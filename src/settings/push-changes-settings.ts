// Does a push change the settings in force? Only a push to the default branch of the
// organization's `.github` repository that adds, modifies or removes the settings file does.
import { SETTINGS_PATH, SETTINGS_REPOSITORY } from "./settings-schema.js";

type Commit = { added?: string[]; modified?: string[]; removed?: string[] };

export type PushSummary = {
  ref: string;
  deleted?: boolean;
  repository: { name: string; default_branch?: string; owner: { login?: string; type?: string } | null };
  commits?: Commit[];
  head_commit?: Commit | null;
};

/** GitHub lists at most this many commits in a push payload; a longer push may hide the change. */
const LISTED_COMMITS_LIMIT = 20;

export function pushChangesSettings(push: PushSummary): boolean {
  if (push.deleted) return false;
  if (push.repository.name !== SETTINGS_REPOSITORY) return false;
  if (push.repository.owner?.type !== undefined && push.repository.owner.type !== "Organization") return false;
  if (!push.repository.default_branch || push.ref !== `refs/heads/${push.repository.default_branch}`) return false;
  const commits = [...(push.commits ?? []), ...(push.head_commit ? [push.head_commit] : [])];
  if ((push.commits?.length ?? 0) >= LISTED_COMMITS_LIMIT) return true;
  return commits.some((c) => [...(c.added ?? []), ...(c.modified ?? []), ...(c.removed ?? [])].includes(SETTINGS_PATH));
}
