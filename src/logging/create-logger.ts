// The app's logger: Probot's pino set-up (pretty or JSON) plus redaction of credential-bearing
// fields by path and of every registered secret value wherever it appears.
import type { Writable } from "node:stream";
import { getTransformStream } from "@probot/pino";
import { pino, type Logger } from "pino";
import { SecretRegistry } from "./secret-registry.js";

export const REDACTED_PATHS = [
  "req.headers.authorization",
  "req.headers.cookie",
  "req.headers[\"x-hub-signature\"]",
  "req.headers[\"x-hub-signature-256\"]",
  "res.headers[\"set-cookie\"]",
  "headers.authorization",
  "request.headers.authorization",
  "err.request.headers.authorization",
  "*.token",
  "*.password",
  "*.privateKey",
  "*.clientSecret",
  "*.webhookSecret",
  "*.encryptionKey",
];

export type LoggerOptions = {
  level: string;
  format: "json" | "pretty";
  secrets?: SecretRegistry;
  /** where lines go; standard output when absent (tests pass a capturing stream) */
  destination?: Writable;
};

export async function createLogger(options: LoggerOptions): Promise<{ log: Logger; secrets: SecretRegistry }> {
  const secrets = options.secrets ?? new SecretRegistry();
  const transform = await getTransformStream({ logFormat: options.format });
  transform.pipe(options.destination ?? (pino.destination(1) as unknown as Writable));
  const log = pino(
    {
      level: options.level,
      name: "license-sync",
      redact: { paths: REDACTED_PATHS, censor: "[redacted]" },
      hooks: { streamWrite: (line) => secrets.scrub(line) },
    },
    transform,
  );
  return { log, secrets };
}
