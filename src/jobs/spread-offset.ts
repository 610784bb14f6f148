// Where in the fan-out window an installation's jobs start. Hashing the installation id (not a
// random draw) keeps each installation at the same minute every week, and keeps an installation's
// servers and cloud pull together so its recount comes once, after all of them.
import { createHash } from "node:crypto";

export function spreadOffsetSeconds(installationId: number, windowSeconds: number): number {
  if (windowSeconds <= 0) return 0;
  const hash = createHash("sha256").update(`spread:${installationId}`).digest().readUInt32BE(0);
  return hash % Math.floor(windowSeconds);
}
