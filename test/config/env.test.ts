import { describe, expect, it } from "vitest";
import { DEFAULT_SYNC_CRON, loadConfig } from "../../src/config/env.js";
import { configProblems } from "./config-problems.js";

const KEY = Buffer.alloc(32, 7).toString("base64");
const app = { APP_ID: "123", PRIVATE_KEY: "-----BEGIN RSA PRIVATE KEY-----\nabc\n-----END RSA PRIVATE KEY-----" };


describe("loadConfig", () => {
  it("defaults to the embedded database, the weekly schedule and github.com", () => {
    const config = loadConfig({});
    expect(config.database).toEqual({ kind: "pglite", dataDir: "./data/pglite" });
    expect(config.syncCron).toBe(DEFAULT_SYNC_CRON);
    expect(config.githubApiUrl).toBe("https://api.github.com");
    expect(config.app).toBeNull();
    expect(config.port).toBe(3000);
    expect(config.ghesAllowHttp).toBe(false);
    expect(config.logFormat).toBe("pretty");
  });

  it("reads file: and postgres:// database URLs", () => {
    expect(loadConfig({ DATABASE_URL: "file:./elsewhere" }).database).toEqual({ kind: "pglite", dataDir: "./elsewhere" });
    expect(loadConfig({ DATABASE_URL: "postgres://u@h:5432/d", ENCRYPTION_KEY: KEY }).database).toEqual({
      kind: "postgres",
      url: "postgres://u@h:5432/d",
    });
    expect(configProblems({ DATABASE_URL: "mysql://h/d" })).toEqual([expect.stringMatching(/^DATABASE_URL: must be unset/)]);
  });

  it("refuses a PostgreSQL server without ENCRYPTION_KEY, and a key of the wrong size", () => {
    expect(configProblems({ DATABASE_URL: "postgresql://h/d" })).toEqual([expect.stringMatching(/^ENCRYPTION_KEY: is required/)]);
    expect(configProblems({ ENCRYPTION_KEY: Buffer.alloc(16).toString("base64") })).toEqual([
      expect.stringMatching(/^ENCRYPTION_KEY: must be 32 bytes/),
    ]);
  });

  it("points the cloud side at GHE_HOST like Probot does", () => {
    const config = loadConfig({ GHE_HOST: "127.0.0.1:4010", GHE_PROTOCOL: "http" });
    expect(config.githubApiUrl).toBe("http://127.0.0.1:4010/api/v3");
    expect(config.githubWebUrl).toBe("http://127.0.0.1:4010");
    expect(configProblems({ GHE_HOST: "https://ghe.example.com" })).toEqual([expect.stringMatching(/^GHE_HOST: must be a host name/)]);
  });

  it("takes the App's credentials and keeps Probot's development secret outside production", () => {
    expect(loadConfig(app).app).toEqual({ appId: 123, privateKeySource: "PRIVATE_KEY", webhookSecret: "development" });
    expect(loadConfig({ APP_ID: "9", PRIVATE_KEY_PATH: "key.pem", WEBHOOK_SECRET: "s" }).app).toEqual({
      appId: 9,
      privateKeySource: "PRIVATE_KEY_PATH",
      webhookSecret: "s",
    });
  });

  it("refuses Probot's default webhook secret in production, set or implied", () => {
    const production = { ...app, NODE_ENV: "production", ENCRYPTION_KEY: KEY };
    expect(configProblems({ ...production, WEBHOOK_SECRET: "development" })).toEqual([
      expect.stringMatching(/^WEBHOOK_SECRET: is Probot's default "development"/),
    ]);
    expect(configProblems(production)).toEqual([expect.stringMatching(/^WEBHOOK_SECRET: is not set/)]);
    expect(loadConfig({ ...production, WEBHOOK_SECRET: "a-real-secret" }).production).toBe(true);
  });

  it("refuses to start in production without the App's credentials, naming each variable", () => {
    expect(configProblems({ NODE_ENV: "production" })).toEqual([
      expect.stringMatching(/^APP_ID: is required in production/),
      expect.stringMatching(/^PRIVATE_KEY or PRIVATE_KEY_PATH: one is required/),
    ]);
  });

  it("names the variable and the rule for malformed values", () => {
    expect(configProblems({ PORT: "http" })).toEqual(["PORT: must be a port number"]);
    expect(configProblems({ APP_ID: "abc" })).toEqual(["APP_ID: must be the App's numeric id"]);
    expect(configProblems({ SYNC_CRON: "weekly" })).toEqual(["SYNC_CRON: must be a cron expression of 5 or 6 fields"]);
    expect(configProblems({ GHES_ALLOW_HTTP: "yes" })[0]).toMatch(/^GHES_ALLOW_HTTP: /);
    expect(configProblems({ GITHUB_CLIENT_ID: "Iv1.abc" })).toEqual(["GITHUB_CLIENT_ID and GITHUB_CLIENT_SECRET: set both or neither"]);
  });

  it("reads METRICS_TOKEN (metrics off without it) and refuses a short one", () => {
    expect(loadConfig({}).metricsToken).toBeUndefined();
    expect(loadConfig({ METRICS_TOKEN: " metrics-token-0123456789 " }).metricsToken).toBe("metrics-token-0123456789");
    expect(configProblems({ METRICS_TOKEN: "short" })).toEqual(["METRICS_TOKEN: must be at least 16 characters (it guards /metrics)"]);
  });

  it("treats empty variables (as .env.example leaves them) as unset", () => {
    const config = loadConfig({ APP_ID: "", PRIVATE_KEY_PATH: "", WEBHOOK_SECRET: "", LOG_LEVEL: "", PORT: "" } as unknown as NodeJS.ProcessEnv);
    expect(config.app).toBeNull();
    expect(config.logLevel).toBe("info");
  });
});
