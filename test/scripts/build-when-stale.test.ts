// `npm start` runs the compiled app: its pre-script (scripts/build-when-stale.mjs) compiles src/ to
// dist/ when a source is newer than the last build, and Node runs dist/main.js with the app's flags
// and no TypeScript loader. Migrations are read from prisma/migrations beside dist/ at run time.
import { execFile } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { readMigrationFiles } from "../../src/db/migrations.js";
import { COMPILED_APP_NODE_ARGS, startAppProcess } from "../support/app-process.js";
import { TEST_APP_ID, TEST_PRIVATE_KEY, TEST_WEBHOOK_SECRET } from "../support/test-app.js";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));

/** `npm start`'s pre-script, as npm runs it (from the package's folder). */
function buildWhenStale(): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, ["scripts/build-when-stale.mjs"], { cwd: ROOT, timeout: 240_000 }, (error, stdout, stderr) =>
      resolve({ code: error ? Number(error.code ?? 1) : 0, output: stdout + stderr }),
    );
  });
}

describe("npm start: the compiled app", () => {
  beforeAll(async () => {
    const build = await buildWhenStale();
    expect(build.code, build.output).toBe(0);
  }, 240_000);

  it("compiles only when a source changed: a second start compiles nothing", async () => {
    const again = await buildWhenStale();
    expect(again).toEqual({ code: 0, output: "" });
  });

  it("starts from dist/ with no TypeScript loader: migrated from prisma/migrations, ready, and stops cleanly", async () => {
    const env = {
      APP_ID: String(TEST_APP_ID),
      PRIVATE_KEY: TEST_PRIVATE_KEY,
      WEBHOOK_SECRET: TEST_WEBHOOK_SECRET,
      DATABASE_URL: `file:${join(mkdtempSync(join(tmpdir(), "compiled-")), "pglite")}`,
    };
    const app = await startAppProcess("compiled", env, COMPILED_APP_NODE_ARGS);
    try {
      expect(COMPILED_APP_NODE_ARGS.join(" ")).not.toContain("tsx");
      const ready = await fetch(`${app.baseUrl}/readyz`);
      expect(await ready.json()).toEqual({ status: "ready", database: "reachable", migrations: "applied" });
      const applied = app.logs().map((line) => line.msg).join("\n");
      expect(applied).toContain("Database: PGlite at");
      for (const { name } of await readMigrationFiles()) expect(applied).toContain(name);
      expect((await fetch(`${app.baseUrl}/api/enterprises/acme/servers`)).status).toBe(401);
    } finally {
      expect(await app.stop()).toBe(0);
    }
  }, 120_000);
});
