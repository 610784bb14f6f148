// Advisory locks take a 64-bit key; ours are derived from a readable name so that different kinds
// of work ("server:<id>", "cloud:<installation>") never share a key by construction of the name.
import { createHash } from "node:crypto";

const NAMESPACE = "license-sync:";

/** A signed 64-bit key as a decimal string (pg accepts it for a `bigint` parameter). */
export function lockKey(name: string): string {
  return createHash("sha256").update(NAMESPACE + name).digest().readBigInt64BE(0).toString();
}
