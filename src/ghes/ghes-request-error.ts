// Why a GHES request failed, in words an owner can act on. `kind` lets callers decide (a sync
// retries "unreachable" and "timeout", but not "tls" or "redirect").
import type { IncomingHttpHeaders } from "node:http";
import { rateLimitExhausted, readRetryHeaders, type RetryHint } from "../jobs/retry-hint.js";
import { FORBIDDEN_ADDRESS_CODE } from "./forbidden-address.js";

export type GhesErrorKind =
  | "url"
  | "forbidden-address"
  | "unreachable"
  | "tls"
  | "timeout"
  | "redirect"
  | "too-large"
  | "invalid-response"
  | "http";

export class GhesRequestError extends Error {
  constructor(
    readonly kind: GhesErrorKind,
    readonly reason: string,
    /** origin and path, never credentials or query */
    readonly where: string,
    readonly status?: number,
    /** when GHES said to come back (429, 403 rate limit, 503 with Retry-After); the job retries then */
    readonly retryHint?: RetryHint,
  ) {
    super(`${where}: ${reason}`);
    this.name = "GhesRequestError";
  }
}

/**
 * A non-2xx answer as an error (kind "http"). A rate limit or a Retry-After is named in the reason
 * and carried as `retryHint`, so the sync's retry waits as long as GHES asked.
 */
export function ghesStatusError(where: string, response: { status: number; headers: IncomingHttpHeaders }, now = new Date()): GhesRequestError {
  const { status, headers } = response;
  const hint = readRetryHeaders(status, headers, now) ?? undefined;
  let reason = `answered ${status}`;
  if (hint?.source === "x-ratelimit-reset") reason += `: GHES rate limit exhausted until ${hint.at.toISOString()} (x-ratelimit-reset)`;
  else if (hint && rateLimitExhausted(headers)) reason += `: GHES rate limit exhausted (retry-after: ${String(headers["retry-after"])})`;
  else if (hint) reason += ` (retry-after: ${String(headers["retry-after"])})`;
  return new GhesRequestError("http", reason, where, status, hint);
}

const UNREACHABLE = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "EHOSTUNREACH", "ENETUNREACH", "ECONNRESET", "EPIPE", "ETIMEDOUT"]);

export function classifyGhesError(error: unknown, where: string): GhesRequestError {
  const code = (error as NodeJS.ErrnoException).code ?? "";
  const message = error instanceof Error ? error.message : String(error);
  if (code === FORBIDDEN_ADDRESS_CODE) return new GhesRequestError("forbidden-address", message, where);
  if (UNREACHABLE.has(code)) return new GhesRequestError("unreachable", `cannot connect (${code})`, where);
  if (/CERT|SSL|TLS|SELF_SIGNED|UNABLE_TO_(GET|VERIFY)/i.test(code) || /certificate/i.test(message)) {
    return new GhesRequestError(
      "tls",
      `the TLS certificate was not accepted (${code || message}); if GHES uses your own CA, set GHES_CA_FILE to its PEM bundle`,
      where,
    );
  }
  return new GhesRequestError("unreachable", `request failed (${code || message})`, where);
}
