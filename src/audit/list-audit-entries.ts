// One page of an installation's audit trail, newest first, optionally narrowed to one action and
// one actor (both exact; the actor's case does not matter, as with GitHub logins).
import type { Database } from "../db/open-database.js";

export type AuditFilter = { action?: string; actor?: string };

export type AuditEntryView = {
  id: string;
  at: string;
  actor: string;
  action: string;
  target: string | null;
  request_id: string | null;
  client_ip: string | null;
  details: unknown;
};

export async function listAuditEntries(
  db: Pick<Database, "prisma">,
  installationId: number,
  filter: AuditFilter,
  page: { offset: number; limit: number },
): Promise<{ total: number; entries: AuditEntryView[] }> {
  const where = {
    installationId,
    ...(filter.action !== undefined ? { action: filter.action } : {}),
    ...(filter.actor !== undefined ? { actor: { equals: filter.actor, mode: "insensitive" as const } } : {}),
  };
  const [total, rows] = await Promise.all([
    db.prisma.auditEntry.count({ where }),
    // The id breaks ties between entries written in the same millisecond.
    db.prisma.auditEntry.findMany({ where, orderBy: [{ at: "desc" }, { id: "desc" }], skip: page.offset, take: page.limit }),
  ]);
  return {
    total,
    entries: rows.map((row) => ({
      id: row.id.toString(),
      at: row.at.toISOString(),
      actor: row.actor,
      action: row.action,
      target: row.target,
      request_id: row.requestId,
      client_ip: row.clientIp,
      details: row.details ?? null,
    })),
  };
}
