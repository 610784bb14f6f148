// A minimal SQL interface over the two drivers (PGlite in-process, `pg` for a PostgreSQL server),
// for the few places that need raw SQL: migrations, pg-boss, bulk loads and health checks.
import { PGlite, type Transaction } from "@electric-sql/pglite";
import pg from "pg";

export type Row = Record<string, unknown>;

export interface SqlSession {
  /** One statement with `$1…` parameters. */
  query<T extends Row = Row>(text: string, params?: readonly unknown[]): Promise<T[]>;
  /** Several statements, no parameters (a migration file). */
  exec(text: string): Promise<void>;
}

export interface SqlConnection extends SqlSession {
  transaction<T>(fn: (tx: SqlSession) => Promise<T>): Promise<T>;
}

export interface SqlClient extends SqlConnection {
  readonly kind: "pglite" | "postgres";
  /** Runs `fn` on one connection, held for its duration (advisory locks belong to a connection). */
  session<T>(fn: (connection: SqlConnection) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export function pgliteSqlClient(db: PGlite): SqlClient {
  const wrap = (q: PGlite | Transaction): SqlSession => ({
    query: async <T extends Row>(text: string, params?: readonly unknown[]) =>
      (await q.query<T>(text, params ? [...params] : undefined)).rows,
    exec: async (text) => {
      await q.exec(text);
    },
  });
  const connection: SqlConnection = {
    ...wrap(db),
    transaction: (fn) => db.transaction((tx) => fn(wrap(tx))),
  };
  return {
    kind: "pglite",
    ...connection,
    // PGlite is a single connection already.
    session: (fn) => fn(connection),
    close: () => db.close(),
  };
}

function pgSession(q: pg.Pool | pg.PoolClient): SqlSession {
  return {
    query: async <T extends Row>(text: string, params?: readonly unknown[]) =>
      (await q.query<T>(text, params ? [...params] : undefined)).rows,
    exec: async (text) => {
      await q.query(text);
    },
  };
}

async function inTransaction<T>(client: pg.PoolClient, fn: (tx: SqlSession) => Promise<T>): Promise<T> {
  await client.query("BEGIN");
  try {
    const result = await fn(pgSession(client));
    await client.query("COMMIT");
    return result;
  } catch (error) {
    await client.query("ROLLBACK").catch(() => undefined);
    throw error;
  }
}

export function pgSqlClient(pool: pg.Pool): SqlClient {
  // An idle client that loses its server (restart, failover, a dropped test database) emits
  // "error" on the pool; unhandled, that would end the process. The next query reconnects.
  if (pool.listenerCount("error") === 0) pool.on("error", () => undefined);
  const session = async <T>(fn: (connection: SqlConnection) => Promise<T>): Promise<T> => {
    const client = await pool.connect();
    try {
      return await fn({ ...pgSession(client), transaction: (txFn) => inTransaction(client, txFn) });
    } finally {
      client.release();
    }
  };
  return {
    kind: "postgres",
    ...pgSession(pool),
    transaction: (fn) => session((connection) => connection.transaction(fn)),
    session,
    close: () => pool.end(),
  };
}
