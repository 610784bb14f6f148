// The environment, read once and validated at the boundary. Every later module takes the parsed
// `AppConfig`, never `process.env`.
import { z } from "zod";
import type { JobSettings } from "../jobs/index.js";
import { parseJobSettings } from "./job-settings-env.js";

export const DEFAULT_SYNC_CRON = "0 3 * * 1";
export const APP_ROLES = ["web", "worker", "all"] as const;
export type AppRole = (typeof APP_ROLES)[number];
/** HTTP (5 s), jobs (this) and the database (5 s) together stay under Kubernetes' default 30 s */
export const DEFAULT_SHUTDOWN_GRACE_SECONDS = 20;
const PROBOT_DEFAULT_WEBHOOK_SECRET = "development";

const booleanFlag = z
  .enum(["true", "false", "1", "0", ""])
  .optional()
  .transform((value) => value === "true" || value === "1");

const optionalText = z
  .string()
  .optional()
  .transform((value) => (value === undefined || value.trim() === "" ? undefined : value.trim()));

const envSchema = z.object({
  NODE_ENV: optionalText,
  APP_ID: optionalText.pipe(z.string().regex(/^\d+$/, "must be the App's numeric id").optional()),
  PRIVATE_KEY: optionalText,
  PRIVATE_KEY_PATH: optionalText,
  WEBHOOK_SECRET: optionalText,
  GITHUB_CLIENT_ID: optionalText,
  GITHUB_CLIENT_SECRET: optionalText,
  WEBHOOK_PROXY_URL: optionalText.pipe(z.url("must be a URL such as https://smee.io/abc").optional()),
  GHE_HOST: optionalText.pipe(
    z.string().regex(/^[a-z0-9.-]+(:\d+)?$/i, "must be a host name (and port), without a scheme").optional(),
  ),
  GHE_PROTOCOL: optionalText.pipe(z.enum(["https", "http"], "must be https or http").default("https")),
  DATABASE_URL: optionalText,
  ENCRYPTION_KEY: optionalText,
  SYNC_CRON: optionalText.pipe(
    z.string().regex(/^\S+(\s+\S+){4,5}$/, "must be a cron expression of 5 or 6 fields").optional(),
  ),
  GHES_ALLOW_HTTP: booleanFlag,
  GHES_CA_FILE: optionalText,
  APP_ROLE: optionalText.pipe(z.enum(APP_ROLES, "must be web, worker or all").default("all")),
  SHUTDOWN_GRACE_SECONDS: optionalText.pipe(
    z.string().regex(/^\d{1,4}$/, "must be a whole number of seconds").transform(Number).optional(),
  ),
  JOB_SETTINGS: optionalText.transform((text, ctx) => {
    const parsed = parseJobSettings(text);
    if ("problem" in parsed) {
      ctx.addIssue({ code: "custom", message: parsed.problem });
      return z.NEVER;
    }
    return parsed.value;
  }),
  METRICS_TOKEN: optionalText.pipe(z.string().min(16, "must be at least 16 characters (it guards /metrics)").optional()),
  HOST: optionalText,
  PORT: optionalText.pipe(z.string().regex(/^\d{1,5}$/, "must be a port number").transform(Number).optional()),
  LOG_LEVEL: optionalText.pipe(z.enum(["trace", "debug", "info", "warn", "error", "fatal", "silent"]).default("info")),
  LOG_FORMAT: optionalText.pipe(z.enum(["json", "pretty"]).optional()),
});

export type DatabaseTarget =
  | { kind: "pglite"; dataDir: string }
  | { kind: "postgres"; url: string };

export type AppConfig = {
  production: boolean;
  /** null until the setup flow has created the App */
  app: { appId: number; privateKeySource: "PRIVATE_KEY" | "PRIVATE_KEY_PATH"; webhookSecret: string } | null;
  oauth: { clientId: string; clientSecret: string } | null;
  webhookProxyUrl: string | undefined;
  githubApiUrl: string;
  githubWebUrl: string;
  database: DatabaseTarget;
  /** base64 key from the environment; embedded mode may create one in the data folder instead */
  encryptionKey: string | undefined;
  syncCron: string;
  ghesAllowHttp: boolean;
  ghesCaFile: string | undefined;
  /**
   * web: webhooks, API and dashboard, queues jobs but never works them; worker: works jobs, runs the
   * schedule and housekeeping, serves only health (and metrics); all: both
   */
  role: AppRole;
  /** on SIGTERM, how long running jobs may take to finish before they are handed back */
  shutdownGraceSeconds: number;
  /** job timings from JOB_SETTINGS (test rigs); empty in production */
  jobSettings: Partial<JobSettings>;
  /** bearer token for GET /metrics; the route does not exist without it */
  metricsToken: string | undefined;
  host: string | undefined;
  port: number;
  logLevel: "trace" | "debug" | "info" | "warn" | "error" | "fatal" | "silent";
  logFormat: "json" | "pretty";
};

/** Start-up refused: every problem, each naming its variable. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "ConfigError";
  }
}

export function parseDatabaseUrl(value: string | undefined): DatabaseTarget {
  if (value === undefined) return { kind: "pglite", dataDir: "./data/pglite" };
  if (value.startsWith("file:")) return { kind: "pglite", dataDir: value.slice("file:".length) || "./data/pglite" };
  if (/^postgres(ql)?:\/\//.test(value)) return { kind: "postgres", url: value };
  throw new Error("must be unset, file:./path (embedded) or postgres://user@host:port/database");
}

export function loadConfig(env: NodeJS.ProcessEnv): AppConfig {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`));
  }
  const e = parsed.data;
  const production = e.NODE_ENV === "production";
  const problems: string[] = [];

  let database: DatabaseTarget = { kind: "pglite", dataDir: "./data/pglite" };
  try {
    database = parseDatabaseUrl(e.DATABASE_URL);
  } catch (error) {
    problems.push(`DATABASE_URL: ${(error as Error).message}`);
  }

  const hasKey = e.PRIVATE_KEY !== undefined || e.PRIVATE_KEY_PATH !== undefined;
  let app: AppConfig["app"] = null;
  if (e.APP_ID !== undefined && hasKey) {
    const secret = e.WEBHOOK_SECRET ?? PROBOT_DEFAULT_WEBHOOK_SECRET;
    if (production && secret === PROBOT_DEFAULT_WEBHOOK_SECRET) {
      problems.push(
        `WEBHOOK_SECRET: ${e.WEBHOOK_SECRET === undefined ? "is not set" : `is Probot's default "development"`}; ` +
          "in production it must be the App's own webhook secret",
      );
    }
    app = {
      appId: Number(e.APP_ID),
      privateKeySource: e.PRIVATE_KEY !== undefined ? "PRIVATE_KEY" : "PRIVATE_KEY_PATH",
      webhookSecret: secret,
    };
  } else if (production) {
    if (e.APP_ID === undefined) problems.push("APP_ID: is required in production (the GitHub App's id)");
    if (!hasKey) problems.push("PRIVATE_KEY or PRIVATE_KEY_PATH: one is required in production");
  }

  if ((e.GITHUB_CLIENT_ID === undefined) !== (e.GITHUB_CLIENT_SECRET === undefined)) {
    problems.push("GITHUB_CLIENT_ID and GITHUB_CLIENT_SECRET: set both or neither");
  }

  if (database.kind === "postgres" && e.ENCRYPTION_KEY === undefined) {
    problems.push(
      "ENCRYPTION_KEY: is required with a PostgreSQL DATABASE_URL (32 random bytes, base64: " +
        "`openssl rand -base64 32`); every replica needs the same key",
    );
  }
  if (e.ENCRYPTION_KEY !== undefined && Buffer.from(e.ENCRYPTION_KEY, "base64").length !== 32) {
    problems.push("ENCRYPTION_KEY: must be 32 bytes encoded as base64 (44 characters, e.g. `openssl rand -base64 32`)");
  }

  if (problems.length > 0) throw new ConfigError(problems);

  const githubHost = e.GHE_HOST;
  return {
    production,
    app,
    oauth:
      e.GITHUB_CLIENT_ID !== undefined && e.GITHUB_CLIENT_SECRET !== undefined
        ? { clientId: e.GITHUB_CLIENT_ID, clientSecret: e.GITHUB_CLIENT_SECRET }
        : null,
    webhookProxyUrl: e.WEBHOOK_PROXY_URL,
    githubApiUrl: githubHost ? `${e.GHE_PROTOCOL}://${githubHost}/api/v3` : "https://api.github.com",
    githubWebUrl: githubHost ? `${e.GHE_PROTOCOL}://${githubHost}` : "https://github.com",
    database,
    encryptionKey: e.ENCRYPTION_KEY,
    syncCron: e.SYNC_CRON ?? DEFAULT_SYNC_CRON,
    ghesAllowHttp: e.GHES_ALLOW_HTTP,
    ghesCaFile: e.GHES_CA_FILE,
    role: e.APP_ROLE,
    shutdownGraceSeconds: e.SHUTDOWN_GRACE_SECONDS ?? DEFAULT_SHUTDOWN_GRACE_SECONDS,
    jobSettings: e.JOB_SETTINGS,
    metricsToken: e.METRICS_TOKEN,
    host: e.HOST,
    port: e.PORT ?? 3000,
    logLevel: e.LOG_LEVEL,
    logFormat: e.LOG_FORMAT ?? (production ? "json" : "pretty"),
  };
}
