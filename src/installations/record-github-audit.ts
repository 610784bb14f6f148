// An audit entry for a change GitHub told the app about (a webhook) or that the app decided on
// GitHub's answer. Issue 8 owns the audit trail's reading side; these rows use its table as is.
import type { Prisma } from "@prisma/client";
import type { Database } from "../db/open-database.js";

export type AuditInput = {
  installationId: number | null;
  action: string;
  target?: string;
  details?: Record<string, unknown>;
  /** "github" for webhooks; a login for a person's act */
  actor?: string;
  at: Date;
};

export async function recordGithubAudit(db: Pick<Database, "prisma">, entry: AuditInput): Promise<void> {
  await db.prisma.auditEntry.create({
    data: {
      installationId: entry.installationId,
      at: entry.at,
      actor: entry.actor ?? "github",
      action: entry.action,
      target: entry.target ?? null,
      details: (entry.details ?? undefined) as Prisma.InputJsonObject | undefined,
    },
  });
}
