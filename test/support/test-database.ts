// Test databases: `describeEachDatabase` runs a block once on PGlite and once on PostgreSQL, each
// with its own freshly migrated database; `resetDatabase` empties it between tests.
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { PGlite } from "@electric-sql/pglite";
import { PrismaClient } from "@prisma/client";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { afterAll, beforeAll, beforeEach, describe, inject } from "vitest";
import type { Database } from "../../src/db/open-database.js";
import { pgliteAdapter } from "../../src/db/pglite-adapter.js";
import { pgliteSqlClient, pgSqlClient } from "../../src/db/sql-client.js";

export type DatabaseKind = "pglite" | "postgres";
export type TestDatabase = Database & { kind: DatabaseKind; /** postgres only: a connection URL for other processes */ url?: string };

let pgliteTemplate: Blob | undefined;

export async function createTestDatabase(kind: DatabaseKind): Promise<TestDatabase> {
  if (kind === "pglite") {
    pgliteTemplate ??= new Blob([readFileSync(inject("pgliteTemplatePath"))]);
    const pglite = new PGlite({ loadDataDir: pgliteTemplate });
    await pglite.waitReady;
    const prisma = new PrismaClient({ adapter: pgliteAdapter(pglite) });
    const sql = pgliteSqlClient(pglite);
    return {
      kind,
      prisma,
      sql,
      description: "PGlite in memory (test)",
      close: async () => {
        await prisma.$disconnect();
        if (!pglite.closed) await pglite.close();
      },
    };
  }
  const adminUrl = inject("postgresAdminUrl");
  const name = `ls_t_${inject("runId")}_${randomBytes(4).toString("hex")}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}" TEMPLATE "${inject("postgresTemplate")}"`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const pool = new pg.Pool({ connectionString: url.toString(), max: 5 });
  const sql = pgSqlClient(pool);
  const prisma = new PrismaClient({ adapter: new PrismaPg(pool) });
  return {
    kind,
    url: url.toString(),
    prisma,
    sql,
    description: `PostgreSQL ${name} (test)`,
    close: async () => {
      await prisma.$disconnect();
      await pool.end().catch(() => undefined);
      const cleanup = new pg.Client({ connectionString: adminUrl });
      await cleanup.connect();
      await cleanup.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await cleanup.end();
    },
  };
}

/** Empties every application table (not the migrations record). */
export async function resetDatabase(db: Database): Promise<void> {
  const tables = await db.sql.query<{ tablename: string }>(
    `SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> '_prisma_migrations'`,
  );
  if (tables.length === 0) return;
  const truncate = `TRUNCATE ${tables.map((t) => `"${t.tablename}"`).join(", ")} RESTART IDENTITY CASCADE`;
  // A request of the previous test may still be finishing its writes (an audit entry, a session
  // touch) when this runs; TRUNCATE locks table by table, so PostgreSQL may pick it as the victim
  // of a deadlock. That is a test-harness race, not a finding: try again.
  for (let attempt = 1; ; attempt++) {
    try {
      await db.sql.exec(truncate);
      return;
    } catch (error) {
      if ((error as { code?: string }).code !== "40P01" || attempt === 5) throw error;
      await new Promise((resolve) => setTimeout(resolve, 20 * attempt));
    }
  }
}

export function databaseKinds(): DatabaseKind[] {
  return inject("databaseKinds");
}

/** Every kind the suite knows, whether or not this run has it. */
export const ALL_DATABASE_KINDS: readonly DatabaseKind[] = ["pglite", "postgres"];

/**
 * `describe` for one database kind. When the run leaves that kind out (TEST_DATABASES), the block is
 * still collected and reported as skipped with the reason in its name, never left out of the report.
 */
export function describeOnDatabase(kind: DatabaseKind, name: string, body: () => void): void {
  if (databaseKinds().includes(kind)) {
    describe(`[${kind}] ${name}`, body);
  } else {
    describe.skip(`[${kind}] ${name} (skipped: this run has no ${kind === "postgres" ? "PostgreSQL server" : "PGlite"}, TEST_DATABASES=${databaseKinds().join(",")})`, body);
  }
}

/**
 * `describe` once per database kind. The callback gets a getter for that block's database, which
 * is created before its tests and emptied before each one.
 */
export function describeEachDatabase(name: string, body: (db: () => TestDatabase, kind: DatabaseKind) => void): void {
  for (const kind of ALL_DATABASE_KINDS) {
    describeOnDatabase(kind, name, () => {
      let db: TestDatabase | undefined;
      beforeAll(async () => {
        db = await createTestDatabase(kind);
      });
      beforeEach(async () => {
        await resetDatabase(db!);
      });
      afterAll(async () => {
        await db?.close();
      });
      body(() => db!, kind);
    });
  }
}
