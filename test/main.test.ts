// `npm start` itself: a bad environment stops it before anything starts, with every problem named.
import { execFile } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { describe, expect, it } from "vitest";
import { APP_NODE_ARGS } from "./support/app-process.js";

function runMain(env: Record<string, string>): Promise<{ code: number | null; stderr: string; stdout: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      APP_NODE_ARGS,
      // An empty working directory: no .env, no data folder of the developer's.
      { cwd: mkdtempSync(`${tmpdir()}/main-`), env: { PATH: process.env.PATH!, ...env }, timeout: 20_000 },
      (error, stdout, stderr) => resolve({ code: error ? (error.code as number) : 0, stdout, stderr }),
    );
  });
}

describe("npm start with a bad environment", () => {
  it("refuses production without the App's credentials, naming each variable", async () => {
    const { code, stderr } = await runMain({ NODE_ENV: "production", DATABASE_URL: "postgres://127.0.0.1:1/x" });
    expect(code).toBe(1);
    expect(stderr).toContain("Invalid configuration:");
    expect(stderr).toContain("APP_ID: is required in production");
    expect(stderr).toContain("PRIVATE_KEY or PRIVATE_KEY_PATH: one is required in production");
    expect(stderr).toContain("ENCRYPTION_KEY: is required with a PostgreSQL DATABASE_URL");
  });

  it("refuses Probot's default webhook secret in production", async () => {
    const { code, stderr } = await runMain({
      NODE_ENV: "production",
      APP_ID: "1",
      PRIVATE_KEY: "-----BEGIN RSA PRIVATE KEY-----\nx\n-----END RSA PRIVATE KEY-----",
      WEBHOOK_SECRET: "development",
    });
    expect(code).toBe(1);
    expect(stderr).toContain(`WEBHOOK_SECRET: is Probot's default "development"`);
  });
});
