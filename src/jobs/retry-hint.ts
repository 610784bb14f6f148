// When a server says when to come back (GitHub's and GHES's rate limits, a 503 with Retry-After),
// the job's next attempt follows that instead of pg-boss's blind back-off. The error that reaches
// the job layer carries the time as `retryHint`; execute-run.ts turns it into the retry's start.
//
// The rule, as GitHub documents its limits ("do not retry until retry-after has elapsed / until
// x-ratelimit-reset"): the header is a *not before*. So the retry starts at the later of the
// header's time and the normal back-off (a blind back-off still grows on repeated failures), and
// never more than MAX_RETRY_AFTER_MS ahead, so a wrong clock or a bogus header cannot park a
// sync for days.

export type RetryHeaderSource = "retry-after" | "x-ratelimit-reset";
export type RetryHint = { at: Date; source: RetryHeaderSource };

export const MAX_RETRY_AFTER_MS = 6 * 60 * 60 * 1000;

/** An error whose server said when to try again (the cloud side's rate limits). */
export class RetryAfterError extends Error {
  constructor(
    message: string,
    readonly retryHint: RetryHint,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = "RetryAfterError";
  }
}

type HeaderValue = string | string[] | number | undefined | null;
type Headers = Record<string, HeaderValue>;

function header(headers: Headers, name: string): string | undefined {
  const value = headers[name] ?? headers[name.toLowerCase()];
  if (value === undefined || value === null) return undefined;
  return String(Array.isArray(value) ? value[0] : value).trim();
}

/** `Retry-After`: delay-seconds or an HTTP date (RFC 9110 §10.2.3). */
export function parseRetryAfter(value: string | undefined, now: Date): Date | null {
  if (!value) return null;
  if (/^\d+$/.test(value)) return new Date(now.getTime() + Number(value) * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) || !/[a-z]/i.test(value) ? null : new Date(date);
}

/** `x-ratelimit-reset`: UTC epoch seconds. */
export function parseRateLimitReset(value: string | undefined): Date | null {
  if (!value || !/^\d+$/.test(value)) return null;
  return new Date(Number(value) * 1000);
}

/** The rate limit is spent: `x-ratelimit-remaining: 0`. */
export function rateLimitExhausted(headers: Headers): boolean {
  return header(headers, "x-ratelimit-remaining") === "0";
}

/**
 * When the answer says to come back: a 429, a 403 that is a rate limit (remaining 0, or a
 * secondary limit's retry-after) or a 5xx with retry-after. null for anything else, including a
 * 5xx without headers (the normal back-off applies) and a 403 that is a refusal.
 */
export function readRetryHeaders(status: number, headers: Headers, now: Date): RetryHint | null {
  if (status !== 429 && status !== 403 && status < 500) return null;
  const after = parseRetryAfter(header(headers, "retry-after"), now);
  if (after) return { at: after, source: "retry-after" };
  if ((status === 429 || status === 403) && rateLimitExhausted(headers)) {
    const reset = parseRateLimitReset(header(headers, "x-ratelimit-reset"));
    if (reset) return { at: reset, source: "x-ratelimit-reset" };
  }
  return null;
}

/** The hint carried by the error or one of its causes. */
export function retryHintOf(error: unknown): RetryHint | null {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current; depth++) {
    const hint = (current as { retryHint?: unknown }).retryHint;
    if (hint && typeof hint === "object" && (hint as RetryHint).at instanceof Date) return hint as RetryHint;
    current = (current as { cause?: unknown }).cause;
  }
  return null;
}

/** The retry's start given the hint and pg-boss's back-off, and the words that say why. */
export function planRetry(hint: RetryHint, backoffAt: Date, now: Date): { at: Date; note: string } {
  const said = `${hint.source} said ${hint.at.toISOString()}`;
  const capped = new Date(Math.min(hint.at.getTime(), now.getTime() + MAX_RETRY_AFTER_MS));
  if (capped.getTime() < backoffAt.getTime()) {
    return { at: backoffAt, note: `retrying at ${backoffAt.toISOString()} (the normal back-off, later than ${said})` };
  }
  if (capped.getTime() < hint.at.getTime()) {
    return { at: capped, note: `retrying at ${capped.toISOString()} (at most ${MAX_RETRY_AFTER_MS / 3_600_000} h ahead; ${said})` };
  }
  return { at: capped, note: `retrying at ${capped.toISOString()} (${hint.source})` };
}

/** For a failure with no retry left. */
export function noRetryNote(hint: RetryHint): string {
  return `no retries left (${hint.source} said to wait until ${hint.at.toISOString()})`;
}
