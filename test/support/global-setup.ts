// Runs once per `npm test`: prepares a migrated template for each database the suite runs on, and
// says which. PostgreSQL is not optional: the database tests run on PGlite *and* on a server
// (TEST_DATABASES=pglite runs PGlite alone, e.g. on a laptop without PostgreSQL).
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PGlite } from "@electric-sql/pglite";
import pg from "pg";
import type { TestProject } from "vitest/node";
import { applyMigrations } from "../../src/db/migrations.js";
import { pgliteSqlClient, pgSqlClient } from "../../src/db/sql-client.js";

declare module "vitest" {
  export interface ProvidedContext {
    databaseKinds: Array<"pglite" | "postgres">;
    pgliteTemplatePath: string;
    postgresAdminUrl: string;
    postgresTemplate: string;
    runId: string;
  }
}

export const DEFAULT_POSTGRES_URL = "postgres://postgres@127.0.0.1:5432/postgres";

function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
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

  const adminUrl = process.env.TEST_POSTGRES_URL ?? DEFAULT_POSTGRES_URL;
  const template = `ls_tpl_${runId}`;
  if (kinds.includes("postgres")) {
    const admin = new pg.Client({ connectionString: adminUrl });
    try {
      await admin.connect();
    } catch (error) {
      throw new Error(
        `PostgreSQL is not reachable at ${new URL(adminUrl).host} (${(error as Error).message}). The database tests ` +
          "run on PGlite and on PostgreSQL: start PostgreSQL, point TEST_POSTGRES_URL at one, or set TEST_DATABASES=pglite.",
      );
    }
    const [{ server_version: version }] = (await admin.query("SHOW server_version")).rows as [{ server_version: string }];
    await admin.query(`CREATE DATABASE "${template}"`);
    const pool = new pg.Pool({ connectionString: withDatabase(adminUrl, template), max: 1 });
    await applyMigrations(pgSqlClient(pool));
    await pool.end();
    described.push(`PostgreSQL ${version} (${new URL(adminUrl).host}, a fresh database per test file)`);
    cleanups.push(async () => {
      const leftovers = await admin.query<{ datname: string }>(
        `SELECT datname FROM pg_database WHERE datname LIKE $1 OR datname = $2`,
        [`ls_t_${runId}_%`, template],
      );
      for (const { datname } of leftovers.rows) await admin.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
      await admin.end();
    });
  }

  console.log(`\nDatabase tests run on: ${described.join(" and ")}\n`);
  project.provide("databaseKinds", kinds);
  project.provide("pgliteTemplatePath", templatePath);
  project.provide("postgresAdminUrl", adminUrl);
  project.provide("postgresTemplate", template);
  project.provide("runId", runId);

  return async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  };
}
