// The second guard (after the queue's one-waiting-job-per-key policy): work on one server, one
// installation's cloud pull or one recount runs in one place at a time, across processes.
import type { SqlClient } from "../db/sql-client.js";
import { lockKey } from "./lock-key.js";

export type LockOutcome<T> = { acquired: true; value: T } | { acquired: false };

/**
 * Runs `fn` while holding the lock `name`, or returns `{ acquired: false }` at once if someone holds
 * it. On PostgreSQL this is a session advisory lock on a connection held for the duration, so a
 * process that dies releases it with its connection. PGlite is one session in one process, where
 * advisory locks are re-entrant and guard nothing; there the in-process set is the whole guard
 * (an embedded database cannot be shared by two processes).
 */
export async function withExclusiveLock<T>(
  sql: SqlClient,
  held: Set<string>,
  name: string,
  fn: () => Promise<T>,
): Promise<LockOutcome<T>> {
  if (held.has(name)) return { acquired: false };
  held.add(name);
  try {
    if (sql.kind === "pglite") return { acquired: true, value: await fn() };
    return await sql.session(async (connection) => {
      const key = lockKey(name);
      const [row] = await connection.query<{ locked: boolean }>("SELECT pg_try_advisory_lock($1::bigint) AS locked", [key]);
      if (!row?.locked) return { acquired: false } as const;
      try {
        return { acquired: true, value: await fn() } as const;
      } finally {
        await connection.query("SELECT pg_advisory_unlock($1::bigint)", [key]).catch(() => undefined);
      }
    });
  } finally {
    held.delete(name);
  }
}
