// The organization's side of a sync: pull its people from GitHub with the installation's Octokit
// and put them in force. A failed pull changes nothing stored.
import type { SqlClient } from "../db/sql-client.js";
import type { Limitations, Octokit } from "./cloud-people.js";
import { asGithubRetryError } from "./github-rate-limit.js";
import { pullCloudPeople } from "./pull-cloud-people.js";
import { replaceCloudSnapshot } from "./replace-cloud-snapshot.js";

export type CloudSyncResult = { snapshotId: string; people: number; identities: number; limitations: Limitations };

export async function syncCloudPeople(
  db: { sql: SqlClient },
  octokit: Octokit,
  installationId: number,
  org: string,
  options: { runId?: string | null } = {},
): Promise<CloudSyncResult> {
  // A rate limit or Retry-After becomes a RetryAfterError: the job's retry waits for its time.
  const pull = await pullCloudPeople(octokit, org).catch((error: unknown) => {
    throw asGithubRetryError(error);
  });
  const { snapshotId } = await replaceCloudSnapshot(db, installationId, pull, options);
  return { snapshotId, people: pull.people.length, identities: pull.identities.length, limitations: pull.limitations };
}
