// Reading and writing the two cookies sign-in uses. Values are signed with the session key
// (`value.signature`), so a forged or altered cookie is ignored before the database is asked.
import type { IncomingMessage } from "node:http";
import { hmac, safeEqual } from "./hash-secret.js";

export const SESSION_COOKIE = "license_sync_session";
export const STATE_COOKIE = "license_sync_oauth";
export const STATE_COOKIE_PATH = "/license-sync/auth";

export function readCookie(req: IncomingMessage, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? "").split(";")) {
    const index = part.indexOf("=");
    if (index > 0 && part.slice(0, index).trim() === name) return part.slice(index + 1).trim();
  }
  return undefined;
}

export function signValue(key: Buffer, value: string): string {
  return `${value}.${hmac(key, value)}`;
}

/** The value if its signature is right, else undefined. */
export function verifySignedValue(key: Buffer, signed: string | undefined): string | undefined {
  if (!signed) return undefined;
  const index = signed.lastIndexOf(".");
  if (index <= 0) return undefined;
  const value = signed.slice(0, index);
  return safeEqual(signed.slice(index + 1), hmac(key, value)) ? value : undefined;
}

/** HTTPS as the browser sees it: TLS here, a proxy saying so, or production (always behind TLS). */
export function isSecureRequest(req: IncomingMessage, production: boolean): boolean {
  const forwarded = String(req.headers["x-forwarded-proto"] ?? "").split(",")[0]?.trim();
  return production || forwarded === "https" || (req.socket as { encrypted?: boolean }).encrypted === true;
}

export type CookieOptions = { path?: string; maxAgeSeconds: number; secure: boolean };

export function serializeCookie(name: string, value: string, options: CookieOptions): string {
  return [
    `${name}=${value}`,
    `Path=${options.path ?? "/"}`,
    `Max-Age=${options.maxAgeSeconds}`,
    "HttpOnly",
    "SameSite=Lax",
    ...(options.secure ? ["Secure"] : []),
  ].join("; ");
}

export function clearCookie(name: string, options: Omit<CookieOptions, "maxAgeSeconds">): string {
  return serializeCookie(name, "", { ...options, maxAgeSeconds: 0 });
}
