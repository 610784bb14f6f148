// The Octokit the app is given by Probot (installation-authenticated in webhook handlers).
import type { ProbotOctokit } from "probot";

export type Octokit = InstanceType<typeof ProbotOctokit>;

/** The HTTP status of a failed GitHub request, if GitHub answered at all. */
export function errorStatus(error: unknown): number | undefined {
  const status = (error as { status?: unknown } | null)?.status;
  return typeof status === "number" ? status : undefined;
}
