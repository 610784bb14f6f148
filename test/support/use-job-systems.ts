// Job systems for a block of job tests (kept apart from job-fixtures.ts, which the worker child
// process imports outside the test runner).
import { afterEach, beforeEach } from "vitest";
import type { Database } from "../../src/db/open-database.js";
import { createJobSystem, type JobSystem, type JobSystemDeps } from "../../src/jobs/index.js";
import { FAST_JOB_SETTINGS, resetJobQueue } from "./job-fixtures.js";
import { captureLog } from "./test-app.js";

/**
 * beforeEach/afterEach for a block of job tests: an empty queue before each test, every job system
 * the test built stopped after it. `build` makes one with fake sync functions and fast settings;
 * `defaults` are this block's own (a test's overrides still win).
 */
export function useJobSystems(db: () => Database, defaults: Partial<JobSystemDeps> = {}): (overrides?: Partial<JobSystemDeps>) => JobSystem {
  const systems: JobSystem[] = [];
  beforeEach(async () => {
    await resetJobQueue(db());
  });
  afterEach(async () => {
    while (systems.length) await systems.pop()!.stop({ timeoutSeconds: 1 });
  });
  return (overrides = {}) => {
    const jobs = createJobSystem({
      db: db(),
      config: { syncCron: "0 3 * * 1" },
      log: captureLog().log,
      syncServer: async () => ({ usersSeen: 1 }),
      syncCloud: async () => undefined,
      recount: async () => undefined,
      ...defaults,
      ...overrides,
      settings: { ...FAST_JOB_SETTINGS, ...defaults.settings, ...overrides.settings },
    });
    systems.push(jobs);
    return jobs;
  };
}
