// Queues a server or cloud run: its `sync_runs` row and its pg-boss job in one transaction, under
// a transaction-scoped advisory lock per subject, so "Sync now" pressed twice (or on two replicas)
// while a run is waiting gets that run back instead of a second one.
import { randomUUID } from "node:crypto";
import type { SqlSession } from "../db/sql-client.js";
import { bossDatabase } from "./boss-database.js";
import { SyncRefusedError } from "./errors.js";
import type { JobContext, RunKind } from "./job-context.js";
import type { Eligibility } from "./sync-eligibility.js";
import { lockKey } from "./lock-key.js";

export type EnqueueOptions = { kind: RunKind; triggeredBy?: string | null; startAfterSeconds?: number };
export type EnqueuedRun = { runId: string; created: boolean };

export type RunSubject = {
  target: "server" | "cloud";
  queue: string;
  /** the pg-boss singleton key and lock name: the server id, or the installation id */
  key: string;
  serverId: string | null;
  describe: string;
  eligibility: (tx: SqlSession) => Promise<Eligibility | null>;
};

export async function enqueueRun(ctx: JobContext, subject: RunSubject, options: EnqueueOptions): Promise<EnqueuedRun> {
  const startAfter = Math.max(0, Math.round(options.startAfterSeconds ?? 0));
  const result = await ctx.db.sql.transaction(async (tx) => {
    await tx.query("SELECT pg_advisory_xact_lock($1::bigint)", [lockKey(`enqueue:${subject.target}:${subject.key}`)]);
    const eligibility = await subject.eligibility(tx);
    if (!eligibility) throw new SyncRefusedError(`${subject.describe} does not exist`, "not_found");
    if (eligibility.refusal) throw new SyncRefusedError(`${subject.describe} cannot sync: ${eligibility.refusal}`, "conflict");

    const boss = bossDatabase(tx);
    const data = { runId: "", target: subject.target, key: subject.key };
    const [waiting] = await tx.query<{ id: string; job_id: string | null }>(
      `SELECT id, job_id FROM sync_runs
        WHERE installation_id = $1 AND target = $2 AND server_id IS NOT DISTINCT FROM $3 AND status = 'queued'
        ORDER BY queued_at LIMIT 1`,
      [eligibility.installationId, subject.target, subject.serverId],
    );
    if (waiting) {
      // A person asking now should not wait for the fan-out's spread: start the waiting job now.
      if (options.kind === "manual" && waiting.job_id) {
        const job = await ctx.boss.getJobById(subject.queue, waiting.job_id, { db: boss, includeArchive: false });
        if (job?.state === "created" && new Date(job.startAfter).getTime() > Date.now() + 1000) {
          await ctx.boss.cancel(subject.queue, waiting.job_id, { db: boss });
          const jobId = randomUUID();
          await ctx.boss.send(subject.queue, { ...data, runId: waiting.id }, { id: jobId, singletonKey: subject.key, db: boss });
          await tx.query(`UPDATE sync_runs SET job_id = $2 WHERE id = $1`, [waiting.id, jobId]);
        }
      }
      return { runId: waiting.id, created: false, startAfter: 0 };
    }

    const runId = randomUUID();
    const jobId = randomUUID();
    await tx.query(
      `INSERT INTO sync_runs (id, installation_id, server_id, kind, target, status, attempt, job_id, triggered_by, queued_at)
       VALUES ($1, $2, $3, $4, $5, 'queued', 0, $6, $7, $8)`,
      [runId, eligibility.installationId, subject.serverId, options.kind, subject.target, jobId, options.triggeredBy ?? null, ctx.now()],
    );
    const sent = await ctx.boss.send(subject.queue, { ...data, runId }, {
      id: jobId,
      singletonKey: subject.key,
      startAfter: startAfter > 0 ? startAfter : undefined,
      db: boss,
    });
    // Only a retry put back while the same subject was busy holds the waiting slot without a
    // queued run; it starts within the defer delay, so refusing here loses nothing.
    if (!sent) throw new SyncRefusedError(`${subject.describe} has a retry about to start; try again shortly`, "conflict");
    return { runId, created: true, startAfter };
  });
  if (result.startAfter === 0) ctx.notify(subject.queue);
  return { runId: result.runId, created: result.created };
}
