import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    globalSetup: ["test/support/global-setup.ts"],
    setupFiles: ["test/support/fast-check-setup.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: "forks",
    // Loud about what did not run: a focused test (.only) fails the run anywhere. A skipped test is
    // reported with its reason (the suite skips only for what a machine lacks: PostgreSQL left out
    // by TEST_DATABASES, no Chromium to be had) and fails CI, where .ci/run checks the run's JSON
    // report with scripts/check-test-report.mjs.
    allowOnly: false,
  },
});
