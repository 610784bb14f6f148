// CSRF protection for cookie-authenticated requests that change state. The token is bound to the
// session (an HMAC of its id under a per-session secret), so a page on another site cannot know it;
// bearer-token requests need none, as browsers never attach those on their own.
import type { IncomingMessage } from "node:http";
import { safeEqual } from "./hash-secret.js";
import type { Session } from "./sessions.js";

export const CSRF_HEADER = "x-csrf-token";
export const CSRF_FIELD = "_csrf";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

export function changesState(req: IncomingMessage): boolean {
  return !SAFE_METHODS.has(req.method ?? "GET");
}

/** True when `submitted` (a form's `_csrf`, else the `X-CSRF-Token` header) is the session's token. */
export function hasValidCsrfToken(req: IncomingMessage, session: Session, submitted?: string): boolean {
  const header = req.headers[CSRF_HEADER];
  const token = submitted ?? (typeof header === "string" ? header : undefined);
  return token !== undefined && safeEqual(token, session.csrfToken);
}
