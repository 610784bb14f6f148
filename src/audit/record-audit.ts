// One entry of the audit trail: who (a GitHub login, "github" for webhooks, "scheduler" for the
// engine) did what to which target, when, and for API calls the request id and client IP. Callers
// pass only what is safe to keep: `details` is never a place for a token or other secret.
import type { Prisma } from "@prisma/client";
import type { Database } from "../db/open-database.js";

export type AuditRecord = {
  installationId: number | null;
  actor: string;
  action: string;
  target?: string | null;
  requestId?: string | null;
  clientIp?: string | null;
  details?: Record<string, unknown>;
  at: Date;
};

/** Where an API call came from, recorded with what it changed. */
export type RequestOrigin = { requestId?: string | null; clientIp?: string | null };

/** The row for `entry`, for callers that write it inside their own transaction. */
export function auditEntryData(entry: AuditRecord): Prisma.AuditEntryUncheckedCreateInput {
  return {
    installationId: entry.installationId,
    at: entry.at,
    actor: entry.actor,
    action: entry.action,
    target: entry.target ?? null,
    requestId: entry.requestId ?? null,
    clientIp: entry.clientIp ?? null,
    details: (entry.details ?? undefined) as Prisma.InputJsonObject | undefined,
  };
}

export async function recordAudit(db: Pick<Database, "prisma">, entry: AuditRecord): Promise<void> {
  await db.prisma.auditEntry.create({ data: auditEntryData(entry) });
}
