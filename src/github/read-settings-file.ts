// Reads `.github/license-sync.yml` from the organization's `.github` repository with Probot's
// config conventions (@probot/octokit-plugin-config: YAML, `_extends`), at a given commit or on
// the default branch. A file that cannot be parsed is reported, not thrown: it is the owner's to fix.
// GitHub being unreachable is thrown: nothing can be said about the file then.
import { SETTINGS_PATH, SETTINGS_REPOSITORY } from "../settings/settings-schema.js";
import type { Octokit } from "./octokit.js";

export type SettingsFile =
  | { kind: "absent" }
  | { kind: "found"; content: unknown }
  | { kind: "unreadable"; message: string };

const PLUGIN_PREFIX = "[@probot/octokit-plugin-config]";

export async function readSettingsFile(octokit: Octokit, owner: string, ref?: string): Promise<SettingsFile> {
  let result;
  try {
    result = await octokit.config.get({
      owner,
      repo: SETTINGS_REPOSITORY,
      path: SETTINGS_PATH,
      ...(ref ? { branch: ref } : {}),
      // Typed as mappings; YAML can hold any value, which validation reports.
      defaults: (configs) => mergeConfigs(configs) as Record<string, unknown>,
    });
  } catch (error) {
    if (error instanceof Error && error.message.startsWith(PLUGIN_PREFIX)) {
      return { kind: "unreadable", message: describePluginError(error) };
    }
    throw error;
  }
  if (!result.files[0]?.config) return { kind: "absent" };
  return { kind: "found", content: result.config };
}

function describePluginError(error: Error): string {
  const message = error.message.slice(PLUGIN_PREFIX.length).trim();
  const cause = error.cause instanceof Error ? error.cause.message.split("\n")[0] : undefined;
  if (/invalid YAML/.test(message)) return `is not valid YAML${cause ? `: ${cause}` : ""}`;
  if (/YAML is not an object/.test(message)) return "must be a mapping of settings, not a single value";
  return message;
}

type Mapping = Record<string, unknown>;
const isMapping = (value: unknown): value is Mapping =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** `_extends` bases first, the repository's own file last: later keys win, mappings merge. */
export function mergeConfigs(configs: readonly unknown[]): unknown {
  if (configs.length === 0) return {};
  if (!configs.every(isMapping)) return configs[configs.length - 1];
  return configs.reduce<Mapping>((merged, next) => mergeTwo(merged, next as Mapping), {});
}

function mergeTwo(base: Mapping, over: Mapping): Mapping {
  const result: Mapping = { ...base };
  for (const [key, value] of Object.entries(over)) {
    const before = result[key];
    result[key] = isMapping(before) && isMapping(value) ? mergeTwo(before, value) : value;
  }
  return result;
}
