import { randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { KEY_FILE_NAME, loadEncryptionKey, verifyEncryptionKey } from "../../src/crypto/load-encryption-key.js";
import { createSecretBox } from "../../src/crypto/secret-box.js";
import { describeEachDatabase } from "../support/test-database.js";

const dataDir = () => join(mkdtempSync(join(tmpdir(), "key-")), "data", "pglite");

describe("loadEncryptionKey", () => {
  it("takes ENCRYPTION_KEY when it is set", () => {
    const key = randomBytes(32);
    const loaded = loadEncryptionKey({ encryptionKey: key.toString("base64"), database: { kind: "pglite", dataDir: dataDir() } });
    expect(loaded).toMatchObject({ source: "ENCRYPTION_KEY", created: false });
    expect(loaded.key.equals(key)).toBe(true);
  });

  it("creates a key file once, readable by its owner alone, and reuses it", () => {
    const database = { kind: "pglite" as const, dataDir: dataDir() };
    const first = loadEncryptionKey({ encryptionKey: undefined, database });
    expect(first).toMatchObject({ source: "key file", created: true });
    expect(first.path).toBe(join(database.dataDir, "..", KEY_FILE_NAME));
    expect(statSync(first.path!).mode & 0o777).toBe(0o600);
    expect(Buffer.from(readFileSync(first.path!, "utf8").trim(), "base64").equals(first.key)).toBe(true);

    const second = loadEncryptionKey({ encryptionKey: undefined, database });
    expect(second.created).toBe(false);
    expect(second.key.equals(first.key)).toBe(true);
  });

  it("refuses a damaged key file rather than making a new key", () => {
    const database = { kind: "pglite" as const, dataDir: dataDir() };
    const { path } = loadEncryptionKey({ encryptionKey: undefined, database });
    writeFileSync(path!, "not a key\n");
    expect(() => loadEncryptionKey({ encryptionKey: undefined, database })).toThrow(/does not hold a 32-byte base64 key/);
  });

  it("never makes a key file for a PostgreSQL server", () => {
    expect(() => loadEncryptionKey({ encryptionKey: undefined, database: { kind: "postgres", url: "postgres://h/d" } })).toThrow(
      /ENCRYPTION_KEY is required/,
    );
  });
});

describeEachDatabase("verifyEncryptionKey", (db) => {
  it("seals a canary on first start and opens it on every later start", async () => {
    const box = createSecretBox(randomBytes(32));
    expect(await verifyEncryptionKey(db().sql, box)).toBe("created");
    expect(await verifyEncryptionKey(db().sql, box)).toBe("verified");
    const [row] = await db().sql.query<{ value: string }>(`SELECT value FROM app_meta WHERE key = 'encryption_canary'`);
    expect(row?.value).toMatch(/^v1\./);
  });

  it("stops a start with another key, saying which variable is wrong", async () => {
    await verifyEncryptionKey(db().sql, createSecretBox(randomBytes(32)));
    await expect(verifyEncryptionKey(db().sql, createSecretBox(randomBytes(32)))).rejects.toThrow(
      /ENCRYPTION_KEY does not match the key this database's secrets were sealed with/,
    );
  });
});
