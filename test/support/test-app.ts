// A Probot instance with the app loaded against a test database, for `probot.receive` tests, and
// the App credentials tests use. GitHub itself is stood in by nock (or a local server via GHE_HOST).
import { generateKeyPairSync, randomBytes } from "node:crypto";
import { Probot, ProbotOctokit } from "probot";
import { pino } from "pino";
import { Writable } from "node:stream";
import { createApp, type AppDependencies } from "../../src/app.js";
import { loadConfig, type AppConfig } from "../../src/config/env.js";
import { createSecretBox } from "../../src/crypto/secret-box.js";
import { readMigrationFiles } from "../../src/db/migrations.js";
import type { Database } from "../../src/db/open-database.js";
import { limitRateLimitWaits } from "../../src/github/app-octokit.js";
import { SecretRegistry } from "../../src/logging/secret-registry.js";

export const TEST_APP_ID = 424242;
export const TEST_WEBHOOK_SECRET = "test-webhook-secret-0123456789";
export const TEST_PRIVATE_KEY = generateKeyPairSync("rsa", {
  modulusLength: 2048,
  privateKeyEncoding: { type: "pkcs1", format: "pem" },
  publicKeyEncoding: { type: "spki", format: "pem" },
}).privateKey;

/**
 * Retries and throttling off, so a stood-in 5xx or rate limit is seen at once. Probot replaces the
 * throttle options of the class it is given (turning throttling back on), so the clients it makes
 * handle rate limits as in production.
 */
export const TestOctokit = limitRateLimitWaits(ProbotOctokit).defaults({ retry: { enabled: false }, throttle: { enabled: false } });

export function testConfig(env: NodeJS.ProcessEnv = {}): AppConfig {
  return loadConfig({
    APP_ID: String(TEST_APP_ID),
    PRIVATE_KEY: TEST_PRIVATE_KEY,
    WEBHOOK_SECRET: TEST_WEBHOOK_SECRET,
    ENCRYPTION_KEY: randomBytes(32).toString("base64"),
    ...env,
  });
}

/** Log lines written during a test, to assert on (and to prove secrets stay out of them). */
export function captureLog(level = "trace"): { log: pino.Logger; lines: string[] } {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return { log: pino({ level }, stream), lines };
}

export async function testDependencies(db: Database, overrides: Partial<AppDependencies> = {}): Promise<AppDependencies> {
  const config = overrides.config ?? testConfig();
  return {
    config,
    db,
    box: createSecretBox(Buffer.from(config.encryptionKey!, "base64")),
    secrets: new SecretRegistry(),
    migrations: await readMigrationFiles(),
    now: () => new Date(),
    // Tests that exercise the sync engine turn it on; the others need no job queue.
    engine: false,
    ...overrides,
  };
}

/** The test App's Probot options, against the cloud API the config names. */
export function testProbotOptions(deps: AppDependencies, log: pino.Logger) {
  return { appId: TEST_APP_ID, privateKey: TEST_PRIVATE_KEY, secret: TEST_WEBHOOK_SECRET, baseUrl: deps.config.githubApiUrl, Octokit: TestOctokit, log };
}

export async function createTestProbot(deps: AppDependencies, log = captureLog().log): Promise<Probot> {
  const probot = new Probot(testProbotOptions(deps, log));
  // `Probot.load` without a server refuses `addHandler`: HTTP routes are dropped here (tests of
  // routes start a Server or the whole app).
  await probot.load(createApp(deps), { cwd: process.cwd(), addHandler: () => undefined });
  return probot;
}
