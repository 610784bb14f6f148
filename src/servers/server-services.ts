// What the server services need: the database, the secret box and registry, the clock, and the
// GHES transport (tests hand in one pointed at a local stand-in).
import type { Installation } from "@prisma/client";
import type { RequestOrigin } from "../audit/record-audit.js";
import type { SecretBox } from "../crypto/secret-box.js";
import type { Database } from "../db/open-database.js";
import type { Lookup } from "../ghes/forbidden-address.js";
import type { GhesTransport } from "../ghes/ghes-transport.js";
import type { SecretRegistry } from "../logging/secret-registry.js";

export type ServerServices = {
  db: Database;
  box: SecretBox;
  secrets: SecretRegistry;
  now: () => Date;
  transport: GhesTransport;
  allowHttp: boolean;
  /** DNS for the metadata-address check; the system's when absent */
  lookup?: Lookup;
};

/** The owner acting and where (and, for API calls, the request): recorded as registrant and in the audit log. */
export type Actor = { login: string; installation: Installation } & RequestOrigin;

export const GHES_TOKEN_PURPOSE = "ghes-token";
