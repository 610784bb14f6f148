// The one place that opens the database: PGlite in a data folder (embedded, the default) or a
// PostgreSQL server, each with its Prisma driver adapter and a raw SQL client on the same connection(s).
import { mkdirSync } from "node:fs";
import { PGlite } from "@electric-sql/pglite";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "@prisma/client";
import pg from "pg";
import { pgliteAdapter } from "./pglite-adapter.js";
import { pgliteOptions } from "./pglite-options.js";
import type { DatabaseTarget } from "../config/env.js";
import { pgliteSqlClient, pgSqlClient, type SqlClient } from "./sql-client.js";

export type Database = {
  prisma: PrismaClient;
  sql: SqlClient;
  /** Human-readable, without credentials: "PGlite at ./data/pglite" or "PostgreSQL at host:port/db". */
  description: string;
  close(): Promise<void>;
};

export type OpenOptions = { poolSize?: number };

export async function openDatabase(target: DatabaseTarget | { kind: "pglite-memory" }, options: OpenOptions = {}): Promise<Database> {
  if (target.kind === "postgres") {
    const pool = new pg.Pool({ connectionString: target.url, max: options.poolSize ?? 10 });
    // A connection the server ends (restart, failover, pg_terminate_backend) emits "error". An idle
    // one reaches the pool's handler (sql-client.ts); a checked-out one that is between queries
    // (the session holding a job's advisory lock while the job talks to GHES) emits it on the
    // client alone, where pg-pool no longer listens: unhandled, it would end the process. The
    // work on that connection sees the error on its next query.
    pool.on("connect", (client) => {
      client.on("error", () => undefined);
    });
    const sql = pgSqlClient(pool);
    const prisma = new PrismaClient({ adapter: new PrismaPg(pool) });
    return {
      prisma,
      sql,
      description: `PostgreSQL at ${describePostgresUrl(target.url)}`,
      close: async () => {
        await prisma.$disconnect();
        await sql.close();
      },
    };
  }
  let pglite: PGlite;
  let description: string;
  if (target.kind === "pglite") {
    mkdirSync(target.dataDir, { recursive: true });
    pglite = new PGlite(target.dataDir, pgliteOptions());
    description = `PGlite at ${target.dataDir}`;
  } else {
    pglite = new PGlite(pgliteOptions());
    description = "PGlite in memory";
  }
  await pglite.waitReady;
  const prisma = new PrismaClient({ adapter: pgliteAdapter(pglite) });
  const sql = pgliteSqlClient(pglite);
  return {
    prisma,
    sql,
    description,
    close: async () => {
      await prisma.$disconnect();
      if (!pglite.closed) await sql.close();
    },
  };
}

export function describePostgresUrl(url: string): string {
  const parsed = new URL(url);
  return `${parsed.hostname}:${parsed.port || "5432"}${parsed.pathname}`;
}
