import type { IncomingMessage } from "node:http";
import { describe, expect, it } from "vitest";
import { isSecureRequest, readCookie, serializeCookie, signValue, verifySignedValue } from "../../src/auth/cookies.js";

const req = (headers: Record<string, string>, encrypted = false) => ({ headers, socket: { encrypted } }) as unknown as IncomingMessage;

describe("cookies", () => {
  const key = Buffer.alloc(32, 7);

  it("verifies its own signature and nothing else", () => {
    const signed = signValue(key, "session-id");
    expect(verifySignedValue(key, signed)).toBe("session-id");
    expect(verifySignedValue(Buffer.alloc(32, 8), signed)).toBeUndefined();
    expect(verifySignedValue(key, signed.replace("session-id", "session-ie"))).toBeUndefined();
    expect(verifySignedValue(key, "no-signature")).toBeUndefined();
    expect(verifySignedValue(key, undefined)).toBeUndefined();
  });

  it("reads one cookie among several", () => {
    expect(readCookie(req({ cookie: "a=1; license_sync_session=abc.def; b=2" }), "license_sync_session")).toBe("abc.def");
    expect(readCookie(req({ cookie: "xlicense_sync_session=1" }), "license_sync_session")).toBeUndefined();
    expect(readCookie(req({}), "a")).toBeUndefined();
  });

  it("marks cookies Secure behind TLS, a TLS proxy, or in production", () => {
    expect(isSecureRequest(req({}), false)).toBe(false);
    expect(isSecureRequest(req({ "x-forwarded-proto": "https" }), false)).toBe(true);
    expect(isSecureRequest(req({}, true), false)).toBe(true);
    expect(isSecureRequest(req({}), true)).toBe(true);
    expect(serializeCookie("n", "v", { maxAgeSeconds: 60, secure: true })).toBe("n=v; Path=/; Max-Age=60; HttpOnly; SameSite=Lax; Secure");
  });
});
