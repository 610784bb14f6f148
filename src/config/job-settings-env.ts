// `JOB_SETTINGS`: the job layer's timings as JSON, for test rigs and staging (a test cannot wait an
// hour for the fan-out's spread or five minutes for a retry). Production leaves it unset. Every
// key is checked, so a typo is a start-up error rather than a setting silently ignored.
import { z } from "zod";
import type { JobSettings } from "../jobs/index.js";

const seconds = z.number().nonnegative();
const count = z.number().int().positive();

const jobSettingsSchema = z
  .object({
    pollingIntervalSeconds: z.number().min(0.5),
    cronMonitorIntervalSeconds: z.number().min(1),
    cronWorkerIntervalSeconds: z.number().min(1),
    maintenanceIntervalSeconds: z.number().min(1),
    spreadSeconds: seconds,
    recountDelaySeconds: seconds,
    deferSeconds: seconds,
    retry: z.strictObject({ limit: z.number().int().nonnegative(), delaySeconds: seconds, backoff: z.boolean() }),
    syncExpireSeconds: z.number().min(1),
    abandonedAfterSeconds: z.number().min(1),
    recoverIntervalSeconds: z.number().min(0.1),
    concurrency: z.strictObject({ server: count, cloud: count, recount: count }),
  })
  .partial()
  .strict();

/** The parsed settings, or the problem (naming the key) as text. */
export function parseJobSettings(text: string | undefined): { value: Partial<JobSettings> } | { problem: string } {
  if (text === undefined) return { value: {} };
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { problem: `must be a JSON object such as {"pollingIntervalSeconds":1,"spreadSeconds":0}` };
  }
  const parsed = jobSettingsSchema.safeParse(json);
  if (parsed.success) return { value: parsed.data as Partial<JobSettings> };
  const issue = parsed.error.issues[0]!;
  const where = issue.path.length > 0 ? `${issue.path.join(".")}: ` : "";
  const keys = issue.code === "unrecognized_keys" ? `unknown key ${issue.keys.join(", ")}` : issue.message;
  return { problem: `${where}${keys}` };
}
