// The key that signs session and sign-in cookies: random, made by the first replica that needs it,
// stored sealed with the encryption key so replicas share it and a database dump does not reveal it.
import { randomBytes } from "node:crypto";
import type { SecretBox } from "../crypto/secret-box.js";
import type { SqlSession } from "../db/sql-client.js";

const META_KEY = "session_signing_key";
const PURPOSE = "session-signing-key";

export async function loadSessionKey(sql: SqlSession, box: SecretBox): Promise<Buffer> {
  await sql.query(`INSERT INTO app_meta (key, value) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING`, [
    META_KEY,
    box.seal(randomBytes(32).toString("base64"), PURPOSE),
  ]);
  const [row] = await sql.query<{ value: string }>(`SELECT value FROM app_meta WHERE key = $1`, [META_KEY]);
  return Buffer.from(box.open(row!.value, PURPOSE), "base64");
}
