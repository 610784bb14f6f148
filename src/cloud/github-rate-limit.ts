// GitHub's answers that say when to come back, as errors the job layer can schedule by: a 403 or
// 429 with the rate limit spent (`x-ratelimit-remaining: 0`, `x-ratelimit-reset`), a secondary
// limit's `retry-after`, a 5xx with `retry-after`, and GraphQL's RATE_LIMITED. In production
// Probot's throttling and retry plugins already wait through short limits in-process; what
// reaches here is what they gave up on, and the job then retries at the header's time.
import { rateLimitExhausted, readRetryHeaders, RetryAfterError } from "../jobs/retry-hint.js";
import { graphqlFailure } from "./cloud-people.js";

type Headers = Record<string, string | number | undefined>;
type OctokitError = {
  status?: number;
  response?: { headers?: Headers };
  headers?: Headers;
  request?: { method?: string; url?: string };
};

function where(error: OctokitError): string {
  const { method, url } = error.request ?? {};
  if (!url) return "";
  try {
    // GraphQL errors carry the path alone ("/graphql"); only the path is shown either way.
    return ` on ${method ?? "GET"} ${new URL(url, "https://api.github.invalid").pathname}`;
  } catch {
    return "";
  }
}

/** `error` as a RetryAfterError when GitHub said when to try again; otherwise `error` itself. */
export function asGithubRetryError(error: unknown, now = new Date()): unknown {
  if (!error || typeof error !== "object") return error;
  const e = error as OctokitError;
  const headers = e.response?.headers ?? e.headers ?? {};
  const rateLimited = graphqlFailure(error)?.errors.some((x) => x.type === "RATE_LIMITED") ?? false;
  // GraphQL reports its limit with 200 and an error of type RATE_LIMITED: read it as a 429.
  const status = rateLimited ? 429 : (e.status ?? 0);
  const hint = readRetryHeaders(status, headers, now);
  if (!hint) return error;
  let message: string;
  if (rateLimitExhausted(headers) || rateLimited) {
    message = `GitHub rate limit exhausted (${rateLimited ? "GraphQL RATE_LIMITED" : status}${where(e)})`;
  } else if (status === 403 || status === 429) {
    message = `GitHub secondary rate limit (${status}${where(e)}, retry-after: ${String(headers["retry-after"])})`;
  } else {
    message = `GitHub answered ${status}${where(e)} (retry-after: ${String(headers["retry-after"])})`;
  }
  return new RetryAfterError(message, hint, { cause: error });
}
