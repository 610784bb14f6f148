// Rows the job tests start from, fast pg-boss settings, and a clean pg-boss schema between tests
// (resetDatabase empties the app's tables only).
import { randomUUID } from "node:crypto";
import type PgBoss from "pg-boss";
import type { Database } from "../../src/db/open-database.js";
import type { JobSettings } from "../../src/jobs/index.js";

let nextGithubId = 1000;

export type InstallationSeed = { verification?: string; suspended?: boolean; deleted?: boolean; login?: string };

export async function seedInstallation(db: Database, seed: InstallationSeed = {}): Promise<number> {
  nextGithubId += 1;
  const installation = await db.prisma.installation.create({
    data: {
      githubInstallationId: BigInt(nextGithubId),
      accountId: BigInt(nextGithubId + 500_000),
      login: seed.login ?? `org-${nextGithubId}`,
      accountType: "Organization",
      verification: seed.verification ?? "verified",
      suspendedAt: seed.suspended ? new Date() : null,
      deletedAt: seed.deleted ? new Date() : null,
    },
  });
  return installation.id;
}

export type ServerSeed = { licenseSync?: "enabled" | "disabled"; token?: boolean; pausedReason?: string | null; hostname?: string };

export async function seedServer(db: Database, installationId: number, seed: ServerSeed = {}): Promise<string> {
  const hostname = seed.hostname ?? `ghes-${randomUUID().slice(0, 8)}.example.com`;
  const server = await db.prisma.ghesServer.create({
    data: {
      installationId,
      hostname,
      apiUrl: `https://${hostname}/api/v3`,
      licenseSync: seed.licenseSync ?? "enabled",
      tokenSealed: seed.token === false ? null : "sealed-token-placeholder",
      tokenLogin: "site-admin",
      registeredBy: "owner",
      pausedReason: seed.pausedReason ?? null,
    },
  });
  return server.id;
}

/** Empties pg-boss's jobs and schedules, if pg-boss has been installed in this database. */
export async function resetJobQueue(db: Database): Promise<void> {
  const [row] = await db.sql.query<{ installed: boolean }>(`SELECT to_regclass('pgboss.version') IS NOT NULL AS installed`);
  if (!row?.installed) return;
  await db.sql.exec(`TRUNCATE pgboss.job, pgboss.archive; DELETE FROM pgboss.schedule; UPDATE pgboss.version SET cron_on = NULL, maintained_on = NULL;`);
}

/** Polls fast and spreads nothing, so a test sees a job within a second. */
export const FAST_JOB_SETTINGS: Partial<JobSettings> = {
  pollingIntervalSeconds: 0.5,
  cronMonitorIntervalSeconds: 1,
  cronWorkerIntervalSeconds: 1,
  spreadSeconds: 0,
  recountDelaySeconds: 0,
  deferSeconds: 1,
  retry: { limit: 2, delaySeconds: 1, backoff: false },
  abandonedAfterSeconds: 2,
  recoverIntervalSeconds: 1,
};

/**
 * Jobs for one server that the queue's one-waiting-job rule would never let exist together (as an
 * expired attempt's retry can), so that only the lock stands between them.
 */
export async function duplicateJobs(db: Database, boss: PgBoss, installationId: number, serverId: string, count: number): Promise<string[]> {
  const runIds: string[] = [];
  for (let i = 0; i < count; i++) {
    const run = await db.prisma.syncRun.create({ data: { installationId, serverId, kind: "manual", target: "server" } });
    await boss.send("sync-server", { runId: run.id, target: "server", key: serverId }, { singletonKey: `${serverId}#${i}` });
    runIds.push(run.id);
  }
  return runIds;
}

