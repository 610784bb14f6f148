// The weekly fan-out: one server job per enabled server and one cloud job per verified, active
// installation, each installation at its own offset in the spread window. Queuing is idempotent
// (a run already waiting is reused), so a retried or repeated fan-out adds nothing.
import type { JobContext } from "./job-context.js";
import type { EnqueuedRun, EnqueueOptions } from "./enqueue-run.js";
import { spreadOffsetSeconds } from "./spread-offset.js";

export type FanOutResult = { installations: number; serverRuns: number; cloudRuns: number; reused: number; refused: number };

export type Enqueuers = {
  enqueueServerSync(serverId: string, options: EnqueueOptions): Promise<EnqueuedRun>;
  enqueueCloudSync(installationId: number, options: EnqueueOptions): Promise<EnqueuedRun>;
};

export async function fanOut(ctx: JobContext, enqueuers: Enqueuers): Promise<FanOutResult> {
  const rows = await ctx.db.sql.query<{ installation_id: number; server_id: string | null }>(
    `SELECT i.id AS installation_id, s.id AS server_id
       FROM installations i
       LEFT JOIN ghes_servers s
         ON s.installation_id = i.id AND s.license_sync = 'enabled' AND s.token_sealed IS NOT NULL AND s.paused_reason IS NULL
      WHERE i.verification = 'verified' AND i.suspended_at IS NULL AND i.deleted_at IS NULL
      ORDER BY i.id, s.id`,
  );
  const byInstallation = new Map<number, string[]>();
  for (const row of rows) {
    const servers = byInstallation.get(row.installation_id) ?? [];
    if (row.server_id) servers.push(row.server_id);
    byInstallation.set(row.installation_id, servers);
  }

  const result: FanOutResult = { installations: byInstallation.size, serverRuns: 0, cloudRuns: 0, reused: 0, refused: 0 };
  const tally = async (target: "serverRuns" | "cloudRuns", enqueue: () => Promise<EnqueuedRun>) => {
    try {
      const { created } = await enqueue();
      if (created) result[target] += 1;
      else result.reused += 1;
    } catch (error) {
      // Changed between the listing and the queuing (switched off, uninstalled): skip it.
      result.refused += 1;
      ctx.log.info({ err: error }, "fan-out skipped a sync");
    }
  };
  for (const [installationId, servers] of byInstallation) {
    const options: EnqueueOptions = { kind: "scheduled", startAfterSeconds: spreadOffsetSeconds(installationId, ctx.settings.spreadSeconds) };
    await tally("cloudRuns", () => enqueuers.enqueueCloudSync(installationId, options));
    for (const serverId of servers) await tally("serverRuns", () => enqueuers.enqueueServerSync(serverId, options));
  }
  ctx.log.info(result, "sync fan-out queued");
  return result;
}
