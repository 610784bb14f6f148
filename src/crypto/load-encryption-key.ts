// Where the encryption key comes from: ENCRYPTION_KEY, or (embedded mode only) a key file created
// once beside the PGlite data, readable by the app's user alone.
import { randomBytes } from "node:crypto";
import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import type { AppConfig } from "../config/env.js";
import type { SqlSession } from "../db/sql-client.js";
import { createSecretBox, SecretBoxError, type SecretBox } from "./secret-box.js";

export const KEY_FILE_NAME = "encryption.key";

export type LoadedKey = { key: Buffer; source: "ENCRYPTION_KEY" | "key file"; path?: string; created: boolean };

export function loadEncryptionKey(config: Pick<AppConfig, "encryptionKey" | "database">): LoadedKey {
  if (config.encryptionKey !== undefined) {
    return { key: Buffer.from(config.encryptionKey, "base64"), source: "ENCRYPTION_KEY", created: false };
  }
  if (config.database.kind !== "pglite") {
    throw new SecretBoxError("ENCRYPTION_KEY is required with a PostgreSQL DATABASE_URL");
  }
  const path = join(dirname(config.database.dataDir), KEY_FILE_NAME);
  if (existsSync(path)) {
    const key = Buffer.from(readFileSync(path, "utf8").trim(), "base64");
    if (key.length !== 32) throw new SecretBoxError(`${path} does not hold a 32-byte base64 key`);
    if ((statSync(path).mode & 0o077) !== 0) chmodSync(path, 0o600);
    return { key, source: "key file", path, created: false };
  }
  mkdirSync(dirname(path), { recursive: true });
  const key = randomBytes(32);
  // "wx": never overwrite a key another process wrote a moment ago.
  writeFileSync(path, `${key.toString("base64")}\n`, { mode: 0o600, flag: "wx" });
  return { key, source: "key file", path, created: true };
}

const CANARY_KEY = "encryption_canary";
const CANARY_PURPOSE = "key-check";
const CANARY_TEXT = "license-sync";

/**
 * Proves at start-up that the key opens what is stored: the first start seals a canary, every
 * later start must open it. A wrong key stops the app with a clear error, before any token is used.
 */
export async function verifyEncryptionKey(sql: SqlSession, box: SecretBox): Promise<"created" | "verified"> {
  const inserted = await sql.query(
    `INSERT INTO app_meta (key, value) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING RETURNING key`,
    [CANARY_KEY, box.seal(CANARY_TEXT, CANARY_PURPOSE)],
  );
  if (inserted.length === 1) return "created";
  const [row] = await sql.query<{ value: string }>(`SELECT value FROM app_meta WHERE key = $1`, [CANARY_KEY]);
  try {
    if (box.open(row!.value, CANARY_PURPOSE) === CANARY_TEXT) return "verified";
  } catch {
    // fall through to the clear error below
  }
  throw new SecretBoxError(
    "ENCRYPTION_KEY does not match the key this database's secrets were sealed with; " +
      "start with the original key (every replica needs the same one)",
  );
}

export function openSecretBox(config: Pick<AppConfig, "encryptionKey" | "database">): { box: SecretBox; loaded: LoadedKey } {
  const loaded = loadEncryptionKey(config);
  return { box: createSecretBox(loaded.key), loaded };
}
