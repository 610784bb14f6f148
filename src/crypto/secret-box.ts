// Seals secrets kept at rest (GHES tokens, users' GitHub tokens) with AES-256-GCM: a random
// 96-bit nonce per secret, and the purpose bound in as associated data so a sealed value cannot
// be moved to another column and opened there.
import { createCipheriv, createDecipheriv, createHash, randomBytes } from "node:crypto";

const VERSION = "v1";

export class SecretBoxError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "SecretBoxError";
  }
}

export type SecretBox = {
  seal(plaintext: string, purpose: string): string;
  open(sealed: string, purpose: string): string;
  /** A short, non-secret id of the key (for logs and the key check). */
  readonly keyId: string;
};

export function createSecretBox(key: Buffer): SecretBox {
  if (key.length !== 32) throw new SecretBoxError("ENCRYPTION_KEY must be 32 bytes (base64-encoded)");
  const keyId = createHash("sha256").update("license-sync key id").update(key).digest("hex").slice(0, 12);
  return {
    keyId,
    seal(plaintext, purpose) {
      const nonce = randomBytes(12);
      const cipher = createCipheriv("aes-256-gcm", key, nonce);
      cipher.setAAD(Buffer.from(purpose));
      const body = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
      const tag = cipher.getAuthTag();
      return [VERSION, nonce.toString("base64url"), Buffer.concat([body, tag]).toString("base64url")].join(".");
    },
    open(sealed, purpose) {
      const [version, nonceText, payloadText] = sealed.split(".");
      if (version !== VERSION || !nonceText || payloadText === undefined) {
        throw new SecretBoxError("stored secret is not in the expected sealed format");
      }
      const nonce = Buffer.from(nonceText, "base64url");
      const payload = Buffer.from(payloadText, "base64url");
      if (nonce.length !== 12 || payload.length < 16) throw new SecretBoxError("stored secret is truncated");
      const decipher = createDecipheriv("aes-256-gcm", key, nonce);
      decipher.setAAD(Buffer.from(purpose));
      decipher.setAuthTag(payload.subarray(payload.length - 16));
      try {
        return Buffer.concat([decipher.update(payload.subarray(0, payload.length - 16)), decipher.final()]).toString("utf8");
      } catch {
        throw new SecretBoxError(
          "stored secret cannot be decrypted: ENCRYPTION_KEY is not the key it was sealed with (or the value was altered)",
        );
      }
    },
  };
}
