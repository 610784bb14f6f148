// Run history, newest first, in the contract's run shape.
import type { SyncRun } from "@prisma/client";
import type { Database } from "../db/open-database.js";

export type SyncRunView = {
  id: string;
  server_id: string | null;
  kind: string;
  target: string;
  status: string;
  queued_at: string;
  started_at: string | null;
  finished_at: string | null;
  users_seen: number | null;
  error: string | null;
  next_retry_at: string | null;
};

export function syncRunView(run: SyncRun): SyncRunView {
  const iso = (d: Date | null) => (d ? d.toISOString() : null);
  return {
    id: run.id,
    server_id: run.serverId,
    kind: run.kind,
    target: run.target,
    status: run.status,
    queued_at: run.queuedAt.toISOString(),
    started_at: iso(run.startedAt),
    finished_at: iso(run.finishedAt),
    users_seen: run.usersSeen,
    error: run.error,
    next_retry_at: iso(run.nextRetryAt),
  };
}

export async function listSyncRuns(
  db: Database,
  installationId: number,
  filter: { serverId?: string },
  range: { offset: number; limit: number },
): Promise<{ total: number; runs: SyncRunView[] }> {
  const where = { installationId, ...(filter.serverId ? { serverId: filter.serverId } : {}) };
  const [total, runs] = await Promise.all([
    db.prisma.syncRun.count({ where }),
    db.prisma.syncRun.findMany({ where, orderBy: [{ queuedAt: "desc" }, { id: "asc" }], skip: range.offset, take: range.limit }),
  ]);
  return { total, runs: runs.map(syncRunView) };
}
