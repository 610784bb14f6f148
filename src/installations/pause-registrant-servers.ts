// A GHES server is pulled only while the owner who registered it is still an owner. When that
// stops being true, the person's servers pause until a current owner confirms them (confirmServer).
import type { Database } from "../db/open-database.js";
import { recordGithubAudit } from "./record-github-audit.js";

export const REGISTRANT_NOT_OWNER = "registrant is no longer an owner";

export type PausedServer = { id: string; hostname: string; registeredBy: string };

export async function pauseRegistrantServers(
  db: Pick<Database, "prisma">,
  installationId: number,
  registrant: string,
  now: Date,
  details: { cause: string; reason?: string; actor?: string },
): Promise<PausedServer[]> {
  // GitHub logins are case-insensitive. A server paused for another reason (a rejected token)
  // keeps that reason; the check runs again before its next sync.
  const servers = await db.prisma.ghesServer.findMany({
    where: { installationId, registeredBy: { equals: registrant, mode: "insensitive" }, pausedReason: null },
    select: { id: true, hostname: true, registeredBy: true },
    orderBy: { hostname: "asc" },
  });
  if (servers.length === 0) return [];
  const { count } = await db.prisma.ghesServer.updateMany({
    where: { id: { in: servers.map((s) => s.id) }, pausedReason: null },
    data: { pausedReason: REGISTRANT_NOT_OWNER },
  });
  if (count > 0) {
    await recordGithubAudit(db, {
      installationId,
      actor: details.actor,
      action: "servers.paused",
      target: registrant,
      details: { reason: REGISTRANT_NOT_OWNER, cause: details.cause, ...(details.reason ? { membership: details.reason } : {}), servers: servers.map((s) => s.hostname) },
      at: now,
    });
  }
  return servers;
}
