// Brings the app up: database, migrations, encryption key, then Probot's server (or Probot's
// setup flow when the GitHub App does not exist yet). main.ts and the tests both start it here.
import { readFileSync } from "node:fs";
import { parseEnv } from "node:util";
import { getPrivateKey } from "@probot/get-private-key";
import type { Logger } from "pino";
import { Probot, ProbotOctokit, run, Server } from "probot";
import { SmeeClient } from "smee-client";
import { createApp, type AppDependencies } from "./app.js";
import type { AppConfig } from "./config/env.js";
import { openSecretBox, verifyEncryptionKey } from "./crypto/load-encryption-key.js";
import { applyMigrations, readMigrationFiles } from "./db/migrations.js";
import { openDatabase, type Database } from "./db/open-database.js";
import { AppOctokit } from "./github/app-octokit.js";
import type { SecretRegistry } from "./logging/secret-registry.js";
import { stopper, type NamedStop } from "./stop-app.js";

const NO_WEBHOOK_PATH = "(webhooks are not taken by a worker replica)";

export type RunningApp = {
  mode: "app" | "setup";
  server: Server;
  db: Database;
  /** Stops taking requests, lets running jobs finish or hands them back, then closes the database. */
  stop(): Promise<void>;
};

export type StartOptions = {
  config: AppConfig;
  log: Logger;
  secrets: SecretRegistry;
  env?: NodeJS.ProcessEnv;
  /** Octokit class for the cloud side (tests turn off retries) */
  Octokit?: typeof ProbotOctokit;
  /** see AppDependencies.engine */
  engine?: AppDependencies["engine"];
};

export function registerConfigSecrets(config: AppConfig, secrets: SecretRegistry, privateKey: string | null): void {
  secrets.add(config.app?.webhookSecret === "development" ? undefined : config.app?.webhookSecret);
  secrets.add(config.oauth?.clientSecret);
  secrets.add(config.encryptionKey);
  secrets.add(config.metricsToken);
  if (privateKey) {
    secrets.add(privateKey);
    // Also the key's body alone, as it may be printed without its armour lines.
    for (const line of privateKey.split(/\r?\n/)) if (line.length >= 32 && !line.startsWith("-----")) secrets.add(line);
  }
}

export async function startApp(options: StartOptions): Promise<RunningApp> {
  const { config, log, secrets } = options;
  const env = options.env ?? process.env;
  const privateKey = config.app ? getPrivateKey({ env }) : null;
  registerConfigSecrets(config, secrets, privateKey);

  const db = await openDatabase(config.database);
  try {
    log.info(`Database: ${db.description}`);
    const migrations = await readMigrationFiles();
    const applied = await applyMigrations(db.sql, migrations);
    log.info(applied.length > 0 ? `Applied migrations: ${applied.join(", ")}` : "Database schema is up to date");

    const { box, loaded } = openSecretBox(config);
    secrets.add(loaded.key.toString("base64"));
    if (loaded.created) log.warn(`Created an encryption key at ${loaded.path}; back it up with the data folder`);
    await verifyEncryptionKey(db.sql, box);

    const stops: NamedStop[] = [];
    const onStop = (stop: () => Promise<void>, what = "clean-up") => stops.push({ stop, what });
    const appFn = createApp({ config, db, box, secrets, migrations, now: () => new Date(), engine: options.engine, onStop });

    if (!config.app || !privateKey) {
      // Probot's own setup flow: a page that creates the App from app.yml and writes .env.
      const server = await run(appFn, { env: { ...env, PORT: String(config.port) }, log, SmeeClient } as never);
      return { mode: "setup", server, db, stop: stopper({ server, db, stops, log }) };
    }

    const worker = config.role === "worker";
    log.info(`Role: ${config.role} (APP_ROLE)`);
    if (config.role !== "all" && config.database.kind === "pglite") {
      // No other process can open the embedded database: nothing would work the web role's jobs,
      // and nobody could reach the worker role's data.
      log.warn(`APP_ROLE=${config.role} needs replicas sharing a PostgreSQL DATABASE_URL; with the embedded database use APP_ROLE=all`);
    }
    const server = new Server({
      host: config.host,
      // Probot's Server reads a numeric 0 as "unset" (3000); the text "0" asks for any free port.
      port: config.port === 0 ? ("0" as unknown as number) : config.port,
      // A worker takes no webhooks: Probot's endpoint moves to a path no request URL can have (it
      // does not start with "/"), so /api/github/webhooks reaches the app's refusal instead.
      webhookPath: worker ? NO_WEBHOOK_PATH : undefined,
      webhookProxy: worker ? undefined : config.webhookProxyUrl,
      log,
      Probot: Probot.defaults({
        appId: config.app.appId,
        privateKey,
        secret: config.app.webhookSecret,
        baseUrl: config.githubApiUrl,
        log,
        Octokit: options.Octokit ?? AppOctokit,
      }),
    });
    await server.load(appFn);
    const httpServer = await server.start();
    return { mode: "app", server, db, stop: stopper({ server, httpServer, db, stops, log }) };
  } catch (error) {
    await db.close().catch(() => undefined);
    throw error;
  }
}

/** `.env` as Probot reads it, except that variables already set in the environment win. */
export function readDotEnv(path = ".env"): Record<string, string> {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return {};
    throw error;
  }
  return Object.fromEntries(
    Object.entries(parseEnv(text)).filter(
      (entry): entry is [string, string] => entry[1] !== undefined && process.env[entry[0]] === undefined,
    ),
  );
}
