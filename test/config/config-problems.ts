// What loadConfig refuses, as the list of problems its error names (each with its variable).
import { ConfigError, loadConfig } from "../../src/config/env.js";

export function configProblems(env: NodeJS.ProcessEnv): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error("expected the configuration to be refused");
}
