// `npm run db:migrate`: apply pending migrations and exit (the release step of a multi-replica
// deployment, run once before the new version's replicas start).
import { ConfigError, loadConfig } from "../config/env.js";
import { applyMigrations } from "../db/migrations.js";
import { openDatabase } from "../db/open-database.js";
import { readDotEnv } from "../start.js";

Object.assign(process.env, readDotEnv());
try {
  const config = loadConfig(process.env);
  const db = await openDatabase(config.database, { poolSize: 1 });
  try {
    const applied = await applyMigrations(db.sql);
    console.log(`${db.description}: ${applied.length > 0 ? `applied ${applied.join(", ")}` : "schema is up to date"}`);
  } finally {
    await db.close();
  }
} catch (error) {
  console.error(error instanceof ConfigError ? error.message : `Migration failed: ${(error as Error).message}`);
  process.exitCode = 1;
}
