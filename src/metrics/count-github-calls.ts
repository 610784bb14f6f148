// Counts every call the app makes to GitHub's API (github.com, or GHE_HOST) by HTTP status, and
// keeps the rate limit GitHub reported on the latest answer, per installation and resource.
//
// Probot makes a new Octokit for each webhook event and each `app.auth(id)`, always through its
// one app-level Octokit: `octokit.auth({type: "installation" | "event-octokit"})` returns the new
// client. Wrapping that one method therefore reaches every client the app is ever given, without
// touching the Octokit class that start-up and the tests pass to Probot.
import type { Metrics } from "./create-metrics.js";

type Hooked = {
  hook: { wrap(name: "request", wrapper: (request: (options: unknown) => Promise<Answer>, options: unknown) => Promise<Answer>): void };
  auth: (...args: unknown[]) => Promise<unknown>;
};
type Answer = { status: number; headers: Record<string, unknown> };
type GitHubMetrics = Pick<Metrics, "apiCalls" | "githubRateLimitRemaining" | "githubRateLimitLimit">;

/** Instruments the app-level Octokit of `app` (Probot's `app.auth()`) and every client made from it. */
export async function countGithubCalls(app: { auth(): Promise<unknown> }, metrics: GitHubMetrics): Promise<void> {
  const root = (await app.auth()) as Hooked;
  const counted = new WeakSet<object>();
  countCalls(root, "app", metrics, counted);
  const auth = root.auth;
  // Keep the strategy's own properties (`auth.hook`), as Octokit plugins may read them.
  root.auth = Object.assign(async (...args: unknown[]) => {
    const client = await auth(...args);
    if (isOctokit(client)) countCalls(client, installationOf(args[0]), metrics, counted);
    return client;
  }, auth);
}

export function countCalls(octokit: Hooked, installation: string, metrics: GitHubMetrics, counted = new WeakSet<object>()): void {
  if (counted.has(octokit)) return;
  counted.add(octokit);
  // Wrapped after Octokit's retry and throttling plugins, so a call is counted once, with the
  // status it finally had (retries inside it are not calls the app made).
  octokit.hook.wrap("request", async (request, options) => {
    try {
      const answer = await request(options);
      record(metrics, installation, answer.status, answer.headers);
      return answer;
    } catch (error) {
      const answer = (error as { response?: Answer }).response;
      // No answer at all (DNS, TLS, reset, timeout): "error", as for GHES calls.
      record(metrics, installation, answer?.status ?? "error", answer?.headers);
      throw error;
    }
  });
}

function record(metrics: GitHubMetrics, installation: string, status: number | "error", headers: Record<string, unknown> | undefined): void {
  metrics.apiCalls.inc({ api: "github", status: String(status) });
  const remaining = Number(headers?.["x-ratelimit-remaining"]);
  const limit = Number(headers?.["x-ratelimit-limit"]);
  if (headers?.["x-ratelimit-remaining"] === undefined || !Number.isFinite(remaining)) return;
  const labels = { installation, resource: String(headers["x-ratelimit-resource"] ?? "core") };
  metrics.githubRateLimitRemaining.set(labels, remaining);
  if (Number.isFinite(limit) && headers["x-ratelimit-limit"] !== undefined) metrics.githubRateLimitLimit.set(labels, limit);
}

function isOctokit(value: unknown): value is Hooked {
  return typeof value === "object" && value !== null && typeof (value as Partial<Hooked>).hook?.wrap === "function";
}

/** The installation a client acts for: `{installationId}` of app.auth(id), or the event's installation. */
function installationOf(options: unknown): string {
  const o = options as { installationId?: unknown; event?: { payload?: { installation?: { id?: unknown } } } } | undefined;
  const id = o?.installationId ?? o?.event?.payload?.installation?.id;
  return id === undefined || id === null ? "none" : String(id);
}
