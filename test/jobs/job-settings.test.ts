import { describe, expect, it } from "vitest";
import { DEFAULT_JOB_SETTINGS, jobSettingsFor } from "../../src/jobs/job-context.js";

describe("job settings by database", () => {
  it("poll less on the embedded database, where the process wakes its own workers", () => {
    const embedded = jobSettingsFor("pglite");
    expect(embedded.pollingIntervalSeconds).toBeGreaterThan(DEFAULT_JOB_SETTINGS.pollingIntervalSeconds);
    expect(embedded.cronWorkerIntervalSeconds).toBeGreaterThan(DEFAULT_JOB_SETTINGS.cronWorkerIntervalSeconds);
    expect(embedded.cronWorkerIntervalSeconds).toBeLessThanOrEqual(45); // pg-boss's bound
    expect({ ...embedded, pollingIntervalSeconds: 2, cronWorkerIntervalSeconds: 5 }).toEqual(DEFAULT_JOB_SETTINGS);
  });

  it("keep pg-boss's quick polling on PostgreSQL, where other replicas queue jobs", () => {
    expect(jobSettingsFor("postgres")).toEqual(DEFAULT_JOB_SETTINGS);
  });

  it("let explicit settings (JOB_SETTINGS, tests) win on either database", () => {
    expect(jobSettingsFor("pglite", { pollingIntervalSeconds: 1 }).pollingIntervalSeconds).toBe(1);
    expect(jobSettingsFor("postgres", { spreadSeconds: 0 }).spreadSeconds).toBe(0);
  });
});
