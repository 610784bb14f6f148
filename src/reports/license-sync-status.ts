// GHEC's `license-sync-status` shape for this installation's registered servers. A server that
// never synced has no `last_sync`; after a success `error` is "" (GitHub's schema has strings only).
import type { Database } from "../db/open-database.js";

export type ServerInstanceStatus = {
  server_id: string;
  hostname: string;
  last_sync?: { date: string; status: string; error: string };
};

export async function licenseSyncStatus(db: Database, installationId: number): Promise<{ server_instances: ServerInstanceStatus[] }> {
  const servers = await db.prisma.ghesServer.findMany({
    where: { installationId },
    orderBy: { hostname: "asc" },
    select: { id: true, hostname: true, lastSyncAt: true, lastSyncStatus: true, lastSyncError: true },
  });
  return {
    server_instances: servers.map((s) => ({
      server_id: s.id,
      hostname: s.hostname,
      ...(s.lastSyncAt && s.lastSyncStatus
        ? { last_sync: { date: s.lastSyncAt.toISOString(), status: s.lastSyncStatus, error: s.lastSyncStatus === "success" ? "" : (s.lastSyncError ?? "") } }
        : {}),
    })),
  };
}
