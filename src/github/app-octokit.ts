// Probot's Octokit, with one change to its throttling: a short rate limit is waited out in-process
// (as Probot does), a long one is not. Probot's own rule retries twice whatever the wait, so a
// sync job would sleep up to an hour holding its worker and its server's lock. Refused here, the
// error reaches the job layer, which records why and retries at the header's time
// (src/cloud/github-rate-limit.ts, src/jobs/retry-hint.ts).
import { ProbotOctokit } from "probot";

/** The longest wait for GitHub's rate limit that is spent inside a request. */
export const MAX_IN_PROCESS_WAIT_SECONDS = 60;
const MAX_IN_PROCESS_RETRIES = 2;

type LimitOptions = { method: string; url: string; request: { retryCount: number } };
type Logged = { log: { warn(message: string): void } };

function waitBriefly(limit: string) {
  return (retryAfter: number, options: LimitOptions, octokit: Logged): boolean => {
    const wait = retryAfter <= MAX_IN_PROCESS_WAIT_SECONDS && options.request.retryCount < MAX_IN_PROCESS_RETRIES;
    octokit.log.warn(
      `${limit} on ${options.method} ${options.url}: ` +
        (wait ? `retrying in ${retryAfter} s` : `GitHub asks to wait ${retryAfter} s; not waiting in-process, the caller decides`),
    );
    return wait;
  };
}

type OctokitClass = typeof ProbotOctokit;

/** `Base` whose throttling waits through short limits only, whatever throttle options Probot adds. */
export function limitRateLimitWaits(Base: OctokitClass): OctokitClass {
  // A function, not an options object: Probot builds its client class on top of this one and
  // passes its own throttle handlers, which an options object would not override.
  return Base.defaults((options: { throttle?: object }) => ({
    ...options,
    throttle: { ...options.throttle, onRateLimit: waitBriefly("GitHub rate limit"), onSecondaryRateLimit: waitBriefly("GitHub secondary rate limit") },
  })) as OctokitClass;
}

export const AppOctokit = limitRateLimitWaits(ProbotOctokit);
