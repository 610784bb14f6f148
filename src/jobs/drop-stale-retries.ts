// After a successful pull, the retries still pending for earlier failed runs of the same subject
// would only fetch the same data again: cancel their jobs and clear their retry times.
import { bossDatabase } from "./boss-database.js";
import type { JobContext, RunInfo } from "./job-context.js";

export async function dropStaleRetries(ctx: JobContext, queue: string, target: "server" | "cloud", run: RunInfo): Promise<number> {
  return ctx.db.sql.transaction(async (tx) => {
    const stale = await tx.query<{ id: string; job_id: string | null }>(
      `UPDATE sync_runs SET next_retry_at = NULL
        WHERE installation_id = $1 AND target = $2 AND server_id IS NOT DISTINCT FROM $3
          AND status = 'failed' AND next_retry_at IS NOT NULL AND id <> $4
    RETURNING id, job_id`,
      [run.installationId, target, run.serverId, run.id],
    );
    const jobIds = stale.map((r) => r.job_id).filter((id): id is string => id !== null);
    if (jobIds.length > 0) await ctx.boss.cancel(queue, jobIds, { db: bossDatabase(tx) });
    return stale.length;
  });
}
