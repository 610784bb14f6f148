// Starts the sync engine for the app as `deps.engine` asks (off, queue-only, or working, which
// also runs the housekeeping), and registers its graceful stop.
import type { Probot } from "probot";
import type { AppDependencies } from "../app.js";
import type { GhesTransport } from "../ghes/ghes-transport.js";
import type { Octokit } from "../github/octokit.js";
import type { JobSystem } from "../jobs/index.js";
import { createSyncEngine } from "./create-sync-engine.js";
import { scheduleMaintenance } from "./run-maintenance.js";

export async function startSyncEngine(app: Probot, deps: AppDependencies, transport: GhesTransport): Promise<JobSystem | null> {
  if (deps.engine === false) return null;
  const options = deps.engine ?? {};
  const octokitFor = async (id: number) => (await app.auth(id)) as Octokit;
  const engine = createSyncEngine({ deps, log: app.log, transport, installationOctokit: octokitFor, work: options.work, jobSettings: options.jobSettings });
  await engine.start();
  deps.onStop?.(() => engine.stop());
  if (options.work !== false) deps.onStop?.(scheduleMaintenance({ db: deps.db, now: deps.now, log: app.log, octokitFor }));
  return engine;
}
