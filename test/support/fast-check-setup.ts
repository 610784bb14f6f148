// Before each test file (vitest's setupFiles): every fast-check property in the suite runs from the
// run's seed (chosen and printed once by global-setup.ts) and fails with a short report that names it.
import fc from "fast-check";
import { inject } from "vitest";
import { reportShortly } from "./fast-check-report.js";

fc.configureGlobal({ seed: inject("fastCheckSeed"), reporter: reportShortly });
