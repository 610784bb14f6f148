// GHEC's `license-sync-status` shape for this installation's registered servers. A server that
// never synced has no `last_sync`; after a success `error` is "" (GitHub's schema has strings only).
// Beside GitHub's fields, `github_com` says when the organization's side was last pulled and what
// that pull could not read (no SAML, no verified domains…), since the matching depends on it.
import type { Database } from "../db/open-database.js";

export type ServerInstanceStatus = {
  server_id: string;
  hostname: string;
  last_sync?: { date: string; status: string; error: string };
};

export type CloudStatus = { last_sync: { date: string } | null; limitations: Record<string, string> };

export async function licenseSyncStatus(
  db: Database,
  installation: { id: number; currentCloudSnapshotId: string | null },
): Promise<{ server_instances: ServerInstanceStatus[]; github_com: CloudStatus }> {
  const installationId = installation.id;
  const snapshot = installation.currentCloudSnapshotId
    ? await db.prisma.cloudSnapshot.findUnique({ where: { id: installation.currentCloudSnapshotId }, select: { createdAt: true, limitations: true } })
    : null;
  const servers = await db.prisma.ghesServer.findMany({
    where: { installationId },
    orderBy: { hostname: "asc" },
    select: { id: true, hostname: true, lastSyncAt: true, lastSyncStatus: true, lastSyncError: true },
  });
  return {
    github_com: {
      last_sync: snapshot ? { date: snapshot.createdAt.toISOString() } : null,
      limitations: (snapshot?.limitations as Record<string, string> | null) ?? {},
    },
    server_instances: servers.map((s) => ({
      server_id: s.id,
      hostname: s.hostname,
      ...(s.lastSyncAt && s.lastSyncStatus
        ? { last_sync: { date: s.lastSyncAt.toISOString(), status: s.lastSyncStatus, error: s.lastSyncStatus === "success" ? "" : (s.lastSyncError ?? "") } }
        : {}),
    })),
  };
}
