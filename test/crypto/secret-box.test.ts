import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { createSecretBox, SecretBoxError } from "../../src/crypto/secret-box.js";

const box = createSecretBox(randomBytes(32));
const TOKEN = "ghp_exampleSiteAdminToken0123456789abcd";

describe("createSecretBox", () => {
  it("opens what it sealed, for the same purpose", () => {
    expect(box.open(box.seal(TOKEN, "ghes-token"), "ghes-token")).toBe(TOKEN);
    expect(box.open(box.seal("", "empty"), "empty")).toBe("");
    expect(box.open(box.seal("ünïcødé ✓", "text"), "text")).toBe("ünïcødé ✓");
  });

  it("never stores the secret in clear and uses a fresh nonce every time", () => {
    const first = box.seal(TOKEN, "ghes-token");
    const second = box.seal(TOKEN, "ghes-token");
    expect(first).not.toBe(second);
    expect(first.split(".")[1]).not.toBe(second.split(".")[1]);
    expect(first).not.toContain(TOKEN);
    expect(Buffer.from(first.split(".")[2]!, "base64url").toString("latin1")).not.toContain(TOKEN);
  });

  it("refuses a wrong key with a clear error instead of garbage", () => {
    const sealed = box.seal(TOKEN, "ghes-token");
    const other = createSecretBox(randomBytes(32));
    expect(() => other.open(sealed, "ghes-token")).toThrow(SecretBoxError);
    expect(() => other.open(sealed, "ghes-token")).toThrow(/ENCRYPTION_KEY is not the key it was sealed with/);
  });

  it("refuses a value moved to another purpose, altered or truncated", () => {
    const sealed = box.seal(TOKEN, "ghes-token");
    expect(() => box.open(sealed, "user-token")).toThrow(SecretBoxError);
    const [version, nonce, payload] = sealed.split(".") as [string, string, string];
    const flipped = Buffer.from(payload, "base64url");
    flipped[0] = flipped[0]! ^ 1;
    expect(() => box.open([version, nonce, flipped.toString("base64url")].join("."), "ghes-token")).toThrow(SecretBoxError);
    expect(() => box.open(`${version}.${nonce}.AAAA`, "ghes-token")).toThrow(/truncated/);
    expect(() => box.open(TOKEN, "ghes-token")).toThrow(/not in the expected sealed format/);
  });

  it("requires a 32-byte key", () => {
    expect(() => createSecretBox(randomBytes(16))).toThrow(/32 bytes/);
  });

  it("gives a key id that tells keys apart without revealing them", () => {
    const key = randomBytes(32);
    expect(createSecretBox(key).keyId).toBe(createSecretBox(key).keyId);
    expect(createSecretBox(key).keyId).not.toBe(box.keyId);
    expect(key.toString("hex")).not.toContain(createSecretBox(key).keyId);
  });
});
