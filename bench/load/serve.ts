// A server process of the load benchmark, forked by bench/load.bench.ts and told by IPC when to
// stop (so `node --cpu-prof` can write its profile) and asked for its CPU time. Three kinds:
//   seed  migrates the database of DATABASE_URL and writes BENCH_PEOPLE people, then waits to stop;
//   ours  the app as `npm start` starts it (startApp: migrations, sync engine, Probot's Server,
//         the app's logger), on that database;
//   bare  Probot's Server with a no-op `push` handler and Probot's JSON logger at the same level.
// Both log to standard output, which the parent sends to /dev/null, as a service writing its log.
import { Writable } from "node:stream";
import { getTransformStream } from "@probot/pino";
import { pino } from "pino";
import { Probot, Server } from "probot";
import { loadConfig } from "../../src/config/env.js";
import { applyMigrations, readMigrationFiles } from "../../src/db/migrations.js";
import { openDatabase } from "../../src/db/open-database.js";
import { createLogger } from "../../src/logging/create-logger.js";
import { startApp } from "../../src/start.js";
import { seedConsumedLicenses } from "./seed.js";

export type ServeMessage = { ready: true; port: number; seedMs: number } | { failed: string } | { cpuMs: number };

/** Migrations and the people, in a process of its own so the app's process (and profile) is only the app's. */
async function seed(): Promise<{ port: number; seedMs: number; stop(): Promise<void> }> {
  const config = loadConfig(process.env);
  const started = performance.now();
  const db = await openDatabase(config.database);
  try {
    await applyMigrations(db.sql, await readMigrationFiles());
    await seedConsumedLicenses(db.sql, Number(process.env.BENCH_PEOPLE));
  } finally {
    await db.close();
  }
  return { port: 0, seedMs: performance.now() - started, stop: async () => undefined };
}

async function serveOurs(): Promise<{ port: number; seedMs: number; stop(): Promise<void> }> {
  const config = loadConfig(process.env);
  const { log, secrets } = await createLogger({ level: config.logLevel, format: "json" });
  const app = await startApp({ config, log, secrets, env: process.env });
  return { port: app.server.port, seedMs: 0, stop: () => app.stop() };
}

async function serveBare(): Promise<{ port: number; seedMs: number; stop(): Promise<void> }> {
  const transform = await getTransformStream({ logFormat: "json" });
  transform.pipe(pino.destination(1) as unknown as Writable);
  const log = pino({ level: process.env.LOG_LEVEL ?? "info", name: "probot" }, transform);
  const server = new Server({
    host: "127.0.0.1",
    port: "0" as unknown as number,
    log,
    Probot: Probot.defaults({ appId: Number(process.env.APP_ID), privateKey: process.env.PRIVATE_KEY!, secret: process.env.WEBHOOK_SECRET!, log }),
  });
  await server.load((app) => {
    app.on("push", async () => undefined);
  });
  await server.start();
  return { port: server.port, seedMs: 0, stop: () => server.stop() };
}

const kind = process.argv[2];
try {
  const served = kind === "seed" ? await seed() : kind === "ours" ? await serveOurs() : await serveBare();
  process.on("message", (message) => {
    if (message === "cpu") {
      const { user, system } = process.cpuUsage();
      process.send!({ cpuMs: (user + system) / 1000 } satisfies ServeMessage);
      return;
    }
    if (message !== "stop") return;
    served.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  });
  process.send!({ ready: true, port: served.port, seedMs: served.seedMs } satisfies ServeMessage);
} catch (error) {
  process.send!({ failed: (error as Error).stack ?? String(error) } satisfies ServeMessage);
  process.exit(1);
}
