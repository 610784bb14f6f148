// An audit entry for a change GitHub told the app about (a webhook) or that the app decided on
// GitHub's answer: the audit trail's entry (src/audit/record-audit.ts) with "github" as the actor
// unless a person's act is recorded.
import type { Database } from "../db/open-database.js";
import { recordAudit, type AuditRecord } from "../audit/record-audit.js";

export type AuditInput = Omit<AuditRecord, "actor" | "requestId" | "clientIp"> & {
  /** "github" for webhooks; a login for a person's act */
  actor?: string;
};

export async function recordGithubAudit(db: Pick<Database, "prisma">, entry: AuditInput): Promise<void> {
  await recordAudit(db, { ...entry, actor: entry.actor ?? "github" });
}
