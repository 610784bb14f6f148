// Builds the app's GHES transport from its configuration: GHES_CA_FILE read once at start-up (a
// missing or non-PEM file stops the start with a clear error), GHES_ALLOW_HTTP warned about.
import { readFileSync } from "node:fs";
import type { AppConfig } from "../config/env.js";
import { createGhesTransport, type GhesTransport, type GhesTransportOptions } from "./ghes-transport.js";

type Warn = { warn(message: string): void };

export function ghesTransportFromConfig(
  config: Pick<AppConfig, "ghesCaFile" | "ghesAllowHttp">,
  log: Warn,
  overrides: Partial<GhesTransportOptions> = {},
): GhesTransport {
  if (config.ghesAllowHttp) log.warn("GHES_ALLOW_HTTP=true: GHES URLs may use plain http; use this for test rigs only");
  return createGhesTransport({ extraCa: config.ghesCaFile ? readCaFile(config.ghesCaFile) : undefined, allowHttp: config.ghesAllowHttp, ...overrides });
}

export function readCaFile(path: string): string {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    throw new Error(`GHES_CA_FILE: cannot read ${path} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
  if (!text.includes("-----BEGIN CERTIFICATE-----")) {
    throw new Error(`GHES_CA_FILE: ${path} holds no PEM certificate (-----BEGIN CERTIFICATE-----)`);
  }
  return text;
}
