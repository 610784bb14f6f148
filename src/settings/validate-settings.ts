// Turns the parsed YAML of the settings file into settings in force, or into every error with its
// path (`alerts.seat_threshold: must be between 0 and 1`), as the check run and the API show them.
import type { z } from "zod";
import { settingsSchema, type LicenseSyncSettings } from "./settings-schema.js";

export type SettingsError = { path: string; message: string };

export type SettingsValidation =
  | { valid: true; settings: LicenseSyncSettings }
  | { valid: false; errors: SettingsError[] };

const ROOT = "(file)";

export function validateSettings(raw: unknown): SettingsValidation {
  const parsed = settingsSchema.safeParse(raw ?? {});
  if (parsed.success) return { valid: true, settings: parsed.data };
  return { valid: false, errors: parsed.error.issues.flatMap(describeIssue) };
}

function describeIssue(issue: z.core.$ZodIssue): SettingsError[] {
  const path = issue.path.map(String).join(".");
  if (issue.code === "unrecognized_keys") {
    const allowed = allowedKeys(issue.path);
    return issue.keys.map((key) => ({
      path: path ? `${path}.${key}` : key,
      message: `is not a setting${allowed ? ` (known here: ${allowed.join(", ")})` : ""}`,
    }));
  }
  return [{ path: path || ROOT, message: issue.message }];
}

/** The keys the schema knows at a path, to suggest the right spelling. */
function allowedKeys(path: readonly PropertyKey[]): string[] | undefined {
  let shape: Record<string, unknown> = settingsSchema.shape;
  for (const key of path) {
    const next = unwrapObjectShape(shape[String(key)]);
    if (!next) return undefined;
    shape = next;
  }
  return Object.keys(shape);
}

function unwrapObjectShape(schema: unknown): Record<string, unknown> | undefined {
  let current = schema as { shape?: Record<string, unknown>; def?: { innerType?: unknown } } | undefined;
  for (let depth = 0; current && depth < 5; depth += 1) {
    if (current.shape) return current.shape;
    current = current.def?.innerType as typeof current;
  }
  return undefined;
}

export function formatSettingsError(error: SettingsError): string {
  return `${error.path}: ${error.message}`;
}
