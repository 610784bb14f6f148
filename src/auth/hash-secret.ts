// Secrets are looked up by their SHA-256, never kept as keys themselves: a cache or table dump then
// holds nothing that can be replayed.
import { createHash, createHmac, timingSafeEqual } from "node:crypto";

export function hashSecret(value: string): string {
  return createHash("sha256").update(value).digest("hex");
}

export function hmac(key: Buffer | string, data: string): string {
  return createHmac("sha256", key).update(data).digest("base64url");
}

/** Constant-time string comparison (length is not secret). */
export function safeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}
