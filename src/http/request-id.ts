// The id a request is known by: the caller's `X-Request-Id` when it is safe to echo into headers,
// logs and the audit trail (≤ 128 characters of letters, digits and `._:-`), else a fresh UUID.
import { randomUUID } from "node:crypto";

const ACCEPTED = /^[A-Za-z0-9._:-]{1,128}$/;

export function requestIdOf(header: string | string[] | undefined): string {
  const value = Array.isArray(header) ? header[0] : header;
  return value !== undefined && ACCEPTED.test(value) ? value : randomUUID();
}
