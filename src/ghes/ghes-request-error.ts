// Why a GHES request failed, in words an owner can act on. `kind` lets callers decide (a sync
// retries "unreachable" and "timeout", but not "tls" or "redirect").
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
  ) {
    super(`${where}: ${reason}`);
    this.name = "GhesRequestError";
  }
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
