// Starts the sync engine for the app as `deps.engine` and the process role ask (off, queue-only,
// or working, which also runs the schedule and the housekeeping), and registers its graceful stop.
import type { Probot } from "probot";
import type { AppDependencies } from "../app.js";
import type { GhesTransport } from "../ghes/ghes-transport.js";
import type { Octokit } from "../github/octokit.js";
import type { JobSystem } from "../jobs/index.js";
import { createSyncEngine } from "./create-sync-engine.js";
import { markHandedBackRuns } from "./mark-handed-back-runs.js";
import { scheduleMaintenance } from "./run-maintenance.js";

/** Whether this process works jobs: the explicit `engine.work` (tests), else every role but "web". */
export function worksJobs(deps: Pick<AppDependencies, "config" | "engine">): boolean {
  if (deps.engine === false) return false;
  return deps.engine?.work ?? deps.config.role !== "web";
}

export async function startSyncEngine(app: Probot, deps: AppDependencies, transport: GhesTransport): Promise<JobSystem | null> {
  if (deps.engine === false) return null;
  const options = deps.engine ?? {};
  const work = worksJobs(deps);
  const octokitFor = async (id: number) => (await app.auth(id)) as Octokit;
  const engine = createSyncEngine({
    deps,
    log: app.log,
    transport,
    installationOctokit: octokitFor,
    work,
    // The environment's timings (JOB_SETTINGS, test rigs) under a caller's explicit ones.
    jobSettings: { ...deps.config.jobSettings, ...options.jobSettings },
  });
  await engine.start();
  app.log.info(work ? "Sync engine: working jobs, running the schedule and housekeeping" : "Sync engine: queue only (jobs run on worker replicas)");
  const grace = deps.config.shutdownGraceSeconds;
  const stop = async () => {
    await engine.stop({ timeoutSeconds: grace });
    if (!work) return;
    const handedBack = await markHandedBackRuns(deps.db.sql, deps.now());
    if (handedBack.length > 0) app.log.warn({ runs: handedBack }, "Stopping: runs still going after the grace period were handed back for a retry");
  };
  deps.onStop?.(
    stop,
    work ? `jobs: no new ones taken; running ones get up to ${grace} s, then are handed back for a retry` : "job queue",
  );
  if (work) deps.onStop?.(scheduleMaintenance({ db: deps.db, now: deps.now, log: app.log, octokitFor }), "housekeeping");
  return engine;
}
