// pg-boss talks to the database through `{ executeSql(text, values) }`. Giving it the app's own SQL
// client (instead of a connection string) means one code path for PGlite and PostgreSQL, and lets
// a job be sent inside the transaction that writes its `sync_runs` row.
//
// pg-boss 10.4 on PGlite (0.5, PostgreSQL 17/18), as test/jobs/boss-database.test.ts checks: the
// schema install and migrations, partitioned job tables, plpgsql queue functions, send / fetch
// (FOR UPDATE SKIP LOCKED) / complete / fail / retry with back-off, cron `schedule` and maintenance
// (expire, archive, drop) all work. What does not, or differs:
// - several statements in one `query` are refused (extended protocol): handled below with `exec`;
// - advisory locks: PGlite is one session, where they are re-entrant and exclude nothing, so the
//   job layer adds an in-process guard (with-exclusive-lock.ts);
// - everything shares one connection: a long transaction elsewhere (a snapshot swap) holds up
//   pg-boss's polling until it commits, and jobs never truly run SQL in parallel;
// - the embedded database belongs to one process, so "several replicas" means PostgreSQL.
// (pg-boss 10 uses no LISTEN/NOTIFY, which PGlite would only offer in-process.)
import type PgBoss from "pg-boss";
import type { SqlClient, SqlSession } from "../db/sql-client.js";

/** PGlite (extended protocol) refuses several statements in one `query`; PostgreSQL never says this to pg. */
const MULTI_STATEMENT_REFUSAL = /cannot insert multiple commands into a prepared statement/i;
const EXPLICIT_TRANSACTION = /^\s*BEGIN\s*;/i;

/**
 * pg-boss sends parameterless multi-statement scripts (its schema install, migrations and its
 * `BEGIN; …; COMMIT;` maintenance) and single statements that return rows. PGlite runs the former
 * only with `exec`; its refusal comes from the parser, before anything ran, so retrying with `exec`
 * is safe. pg-boss never reads those scripts' rows.
 */
export function bossDatabase(sql: SqlSession | SqlClient): PgBoss.Db {
  return {
    async executeSql(text: string, values?: unknown[]) {
      const params = values && values.length > 0 ? values : undefined;
      if (params === undefined && EXPLICIT_TRANSACTION.test(text) && "session" in sql) {
        await runScript(sql, text);
        return { rows: [] };
      }
      try {
        const rows = await sql.query(text, params);
        // pg answers a multi-statement script with one result per statement (not rows).
        return { rows: Array.isArray(rows) ? rows : [] };
      } catch (error) {
        if (params === undefined && MULTI_STATEMENT_REFUSAL.test((error as Error).message)) {
          await sql.exec(text);
          return { rows: [] };
        }
        throw error;
      }
    },
  };
}

/**
 * A script with its own BEGIN that fails half-way leaves its connection inside an aborted
 * transaction; on the app's shared pool the next borrower would inherit it. Run it on one held
 * connection and roll back on failure.
 */
async function runScript(sql: SqlClient, text: string): Promise<void> {
  await sql.session(async (connection) => {
    try {
      await connection.exec(text);
    } catch (error) {
      await connection.exec("ROLLBACK").catch(() => undefined);
      throw error;
    }
  });
}
