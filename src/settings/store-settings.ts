// Records the outcome of reading the settings file: a valid file becomes the settings in force; an
// invalid one is recorded as rejected and the settings in force stay as they were. An audit entry,
// when given, is written in the same transaction: the trail says a file was applied exactly when it was.
import { Prisma } from "@prisma/client";
import { auditEntryData, type AuditRecord } from "../audit/record-audit.js";
import type { Database } from "../db/open-database.js";
import { DEFAULT_SETTINGS, type LicenseSyncSettings } from "./settings-schema.js";
import type { SettingsError } from "./validate-settings.js";

export async function acceptSettings(
  db: Pick<Database, "prisma">,
  installationId: number,
  settings: LicenseSyncSettings,
  sha: string | null,
  now: Date,
  audit?: AuditRecord,
): Promise<void> {
  const config = settings as unknown as Prisma.InputJsonObject;
  // A rejection is cleared once a valid file replaces it: it no longer describes the file.
  const accepted = { config, sourceSha: sha, acceptedAt: now, rejectedSha: null, rejectedErrors: Prisma.DbNull, rejectedAt: null };
  const upsert = db.prisma.settings.upsert({
    where: { installationId },
    create: { installationId, ...accepted },
    update: accepted,
  });
  await withAudit(db, upsert, audit);
}

export async function rejectSettings(
  db: Pick<Database, "prisma">,
  installationId: number,
  errors: SettingsError[],
  sha: string | null,
  now: Date,
  audit?: AuditRecord,
): Promise<void> {
  const rejected = { rejectedSha: sha, rejectedErrors: errors as unknown as Prisma.InputJsonArray, rejectedAt: now };
  const upsert = db.prisma.settings.upsert({
    where: { installationId },
    // Nothing valid was ever accepted: the defaults stay in force.
    create: { installationId, config: DEFAULT_SETTINGS as unknown as Prisma.InputJsonObject, sourceSha: null, acceptedAt: now, ...rejected },
    update: rejected,
  });
  await withAudit(db, upsert, audit);
}

async function withAudit(db: Pick<Database, "prisma">, write: Prisma.PrismaPromise<unknown>, audit: AuditRecord | undefined): Promise<void> {
  if (!audit) await write;
  else await db.prisma.$transaction([write, db.prisma.auditEntry.create({ data: auditEntryData(audit) })]);
}
