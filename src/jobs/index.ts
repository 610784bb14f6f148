// The job layer's public surface.
export { createJobSystem, type JobSystem, type JobSystemDeps } from "./create-job-system.js";
export { SyncRefusedError, TokenRejectedError } from "./errors.js";
export { RetryAfterError, type RetryHint } from "./retry-hint.js";
export type { EnqueuedRun, EnqueueOptions } from "./enqueue-run.js";
export type { FanOutResult } from "./fan-out.js";
export { DEFAULT_JOB_SETTINGS, type JobSettings, type RunInfo, type RunKind, type SyncOutcome } from "./job-context.js";
export { QUEUES } from "./queues.js";
