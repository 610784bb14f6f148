// Applies prisma/migrations/*/migration.sql itself, recorded in Prisma's own `_prisma_migrations`
// table, so `prisma migrate status` and `prisma migrate deploy` agree with what the app did.
// (Prisma 6.19's JS schema engine cannot migrate a PostgreSQL server through @prisma/adapter-pg.)
import { createHash, randomUUID } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { SqlClient, SqlSession } from "./sql-client.js";

export const MIGRATIONS_DIR = fileURLToPath(new URL("../../prisma/migrations/", import.meta.url));

/** The advisory lock key `prisma migrate deploy` takes, so the two never run at the same time. */
const PRISMA_MIGRATE_LOCK_KEY = 72707369;

export type MigrationFile = { name: string; sql: string; checksum: string };

export class MigrationError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "MigrationError";
  }
}

export async function readMigrationFiles(dir = MIGRATIONS_DIR): Promise<MigrationFile[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const names = entries.filter((e) => e.isDirectory()).map((e) => e.name).sort();
  return Promise.all(
    names.map(async (name) => {
      const sql = await readFile(join(dir, name, "migration.sql"), "utf8");
      return { name, sql, checksum: createHash("sha256").update(sql).digest("hex") };
    }),
  );
}

const CREATE_MIGRATIONS_TABLE = `
CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum"              VARCHAR(64) NOT NULL,
    "finished_at"           TIMESTAMPTZ,
    "migration_name"        VARCHAR(255) NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        TIMESTAMPTZ,
    "started_at"            TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count"   INTEGER NOT NULL DEFAULT 0
)`;

type AppliedRow = { migration_name: string; checksum: string; finished_at: Date | null; rolled_back_at: Date | null };

async function readApplied(sql: SqlSession): Promise<AppliedRow[]> {
  return sql.query<AppliedRow>(
    `SELECT migration_name, checksum, finished_at, rolled_back_at FROM "_prisma_migrations" ORDER BY started_at`,
  );
}

/** Names of the committed migrations that the database has not applied (for readiness). */
export async function pendingMigrations(sql: SqlSession, files: MigrationFile[]): Promise<string[]> {
  const [table] = await sql.query<{ exists: boolean }>(`SELECT to_regclass('"_prisma_migrations"') IS NOT NULL AS exists`);
  if (!table?.exists) return files.map((f) => f.name);
  const done = new Set((await readApplied(sql)).filter((r) => r.finished_at && !r.rolled_back_at).map((r) => r.migration_name));
  return files.filter((f) => !done.has(f.name)).map((f) => f.name);
}

/**
 * Applies every pending migration in order, each in its own transaction, under the advisory lock,
 * so replicas started together migrate once. Returns the names applied.
 */
export async function applyMigrations(sql: SqlClient, files?: MigrationFile[]): Promise<string[]> {
  const migrations = files ?? (await readMigrationFiles());
  return sql.session(async (connection) => {
    await connection.query("SELECT pg_advisory_lock($1)", [PRISMA_MIGRATE_LOCK_KEY]);
    try {
      await connection.exec(CREATE_MIGRATIONS_TABLE);
      const applied = await readApplied(connection);
      const failed = applied.find((r) => !r.finished_at && !r.rolled_back_at);
      if (failed) {
        throw new MigrationError(
          `migration ${failed.migration_name} is recorded as started but not finished; resolve it with ` +
            `\`npx prisma migrate resolve\` before starting the app`,
        );
      }
      const done = new Map(applied.filter((r) => !r.rolled_back_at).map((r) => [r.migration_name, r.checksum]));
      const appliedNow: string[] = [];
      for (const migration of migrations) {
        const checksum = done.get(migration.name);
        if (checksum !== undefined) {
          if (checksum !== migration.checksum) {
            throw new MigrationError(
              `migration ${migration.name} was changed after it was applied (checksum in database ` +
                `${checksum.slice(0, 12)}…, file ${migration.checksum.slice(0, 12)}…); add a new migration instead`,
            );
          }
          continue;
        }
        await connection.transaction(async (tx) => {
          try {
            await tx.exec(migration.sql);
          } catch (error) {
            throw new MigrationError(`migration ${migration.name} failed: ${(error as Error).message}`, { cause: error });
          }
          await tx.query(
            `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at, finished_at, applied_steps_count)
             VALUES ($1, $2, $3, now(), now(), 1)`,
            [randomUUID(), migration.checksum, migration.name],
          );
        });
        appliedNow.push(migration.name);
      }
      return appliedNow;
    } finally {
      await connection.query("SELECT pg_advisory_unlock($1)", [PRISMA_MIGRATE_LOCK_KEY]).catch(() => undefined);
    }
  });
}
