// `npm run bench`: the sync engine on a synthetic fleet (issue 5, "Performance"). Each phase runs
// in its own process on an embedded database in a temporary folder, so its peak RSS is its own
// (the database is created beforehand: PGlite's first start peaks far above its steady state).
//   full sync     = parse + replace of every GHES report, the cloud snapshot, then the recount, on
//                   an empty database (the first sync: every consumed-license row is new)
//   weekly sync   = the same again on the data the full sync left (a week without changes: every
//                   snapshot and the count in force are replaced, the old ones deleted)
//   lower bound   = parse the same reports with csv-parse and insert the rows in one statement each
//   recount alone = the recount on the synced data, at 1× and 4× the fleet
// Each figure has the phase's wall time and the CPU time of its process (on a loaded machine the
// CPU time is the steadier one; with PostgreSQL the server's own CPU is not in it), its peak RSS
// and, as "open", the RSS right after the database was opened (PGlite's fixed cost).
// BENCH_USERS (100000 per server), BENCH_MEMBERS (20000) and BENCH_SCALES ("1,4") change the size;
// BENCH_DATABASE=postgres runs it on a PostgreSQL server (BENCH_POSTGRES_URL, default
// postgres://postgres@127.0.0.1:5432/postgres), one throw-away database per phase.
import { fork } from "node:child_process";
import { createReadStream, mkdtempSync, rmSync } from "node:fs";
import { availableParallelism, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { PGlite } from "@electric-sql/pglite";
import { parse } from "csv-parse";
import pg from "pg";
import { replaceCloudSnapshot } from "../src/cloud/replace-cloud-snapshot.js";
import { applyMigrations } from "../src/db/migrations.js";
import { pgliteOptions } from "../src/db/pglite-options.js";
import { pgliteSqlClient, pgSqlClient, type SqlClient } from "../src/db/sql-client.js";
import { APP_NODE_FLAGS } from "../src/runtime/app-node-flags.js";
import { importAllUsersCsv } from "../src/sync/import-all-users-csv.js";
import { recount } from "../src/sync/recount.js";
import { syntheticCloudPull, writeAllUsersCsv } from "./synthetic-fleet.js";

type Measure = { wallMs: number; cpuMs: number; peakRssMb: number; openRssMb: number; detail?: Record<string, number> };
const SERVERS = 2;
const POSTGRES = process.env.BENCH_DATABASE === "postgres";
const POSTGRES_URL = process.env.BENCH_POSTGRES_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";

const peakRssMb = () => Math.round(process.resourceUsage().maxRSS / 1024);
let openRssMb = 0;

const databaseUrl = (name: string) => {
  const url = new URL(POSTGRES_URL);
  url.pathname = `/${name}`;
  return url.toString();
};
const databaseName = (dir: string) => `bench_${dir.replace(/[^a-z0-9]+/gi, "_").toLowerCase()}`.slice(0, 63);

async function adminQuery(text: string): Promise<void> {
  const client = new pg.Client({ connectionString: POSTGRES_URL });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

async function openFleetDatabase(dir: string): Promise<SqlClient> {
  if (POSTGRES) {
    const sql = pgSqlClient(new pg.Pool({ connectionString: databaseUrl(databaseName(dir)), max: 2 }));
    await sql.query("SELECT 1");
    openRssMb = Math.round(process.memoryUsage().rss / 1048576);
    return sql;
  }
  const pglite = new PGlite(dir, pgliteOptions());
  await pglite.waitReady;
  openRssMb = Math.round(process.memoryUsage().rss / 1048576);
  return pgliteSqlClient(pglite);
}

async function dropFleetDatabase(dir: string): Promise<void> {
  rmSync(dir, { recursive: true, force: true });
  if (POSTGRES) await adminQuery(`DROP DATABASE IF EXISTS "${databaseName(dir)}" WITH (FORCE)`);
}

/** Starts a measured phase; `done()` answers its wall and CPU time, peak RSS and RSS at open. */
function measure(): (detail?: Record<string, number>) => Measure {
  const start = performance.now();
  const cpu = process.cpuUsage();
  return (detail) => {
    const used = process.cpuUsage(cpu);
    return { wallMs: performance.now() - start, cpuMs: (used.user + used.system) / 1000, peakRssMb: peakRssMb(), openRssMb, detail };
  };
}

/** Child: creates the database (PGlite's first start alone peaks near 900 MB) and the fleet's rows. */
async function initFleet(dir: string): Promise<Measure> {
  if (POSTGRES) await adminQuery(`CREATE DATABASE "${databaseName(dir)}"`);
  const sql = await openFleetDatabase(dir);
  await seedFleet(sql);
  await sql.close();
  return { wallMs: 0, cpuMs: 0, peakRssMb: peakRssMb(), openRssMb };
}

const FLEET = { installationId: 1, serverIds: Array.from({ length: SERVERS }, (_, s) => `server-${s + 1}`) };

async function seedFleet(sql: SqlClient): Promise<void> {
  await applyMigrations(sql);
  const [inst] = await sql.query<{ id: number }>(
    `INSERT INTO installations (github_installation_id, account_id, login, account_type, verification, updated_at)
     VALUES (1, 1, 'bench-org', 'Organization', 'verified', now()) RETURNING id`,
  );
  for (let s = 1; s <= SERVERS; s++) {
    await sql.query(
      `INSERT INTO ghes_servers (id, installation_id, hostname, api_url, registered_by, license, updated_at)
       VALUES ($1, $2, $3, $4, 'owner', $5::jsonb, now())`,
      [FLEET.serverIds[s - 1], inst!.id, `ghes${s}.bench.example`, `https://ghes${s}.bench.example/api/v3`, JSON.stringify({ seats: 250_000 })],
    );
  }
}

/** Child: parse + replace of every report, the cloud snapshot, the recount. */
async function fullSync(dir: string, csvs: string[], members: number, users: number): Promise<Measure> {
  const sql = await openFleetDatabase(dir);
  const { installationId, serverIds } = FLEET;
  const done = measure();
  const start = performance.now();
  for (const [i, csv] of csvs.entries()) await importAllUsersCsv({ sql }, serverIds[i]!, createReadStream(csv), { source: "synced" });
  const ghesDone = performance.now();
  const ghesPeakRssMb = peakRssMb();
  await replaceCloudSnapshot({ sql }, installationId, syntheticCloudPull(members, users));
  const cloudDone = performance.now();
  const result = await recount({ sql }, installationId, new Date());
  const end = performance.now();
  const measured = done({
    ghesParseReplaceMs: ghesDone - start,
    cloudStoreMs: cloudDone - ghesDone,
    recountMs: end - cloudDone,
    ghesPeakRssMb,
    consumed: result.totals.consumed,
    rowsWritten: result.rowsWritten,
  });
  await sql.close();
  return measured;
}

/** Child: the same reports parsed by csv-parse alone and written with one INSERT per report. */
async function lowerBound(dir: string, csvs: string[]): Promise<Measure> {
  const sql = await openFleetDatabase(dir);
  const { serverIds } = FLEET;
  const done = measure();
  for (const [i, csv] of csvs.entries()) {
    const cols: unknown[][] = Array.from({ length: 11 }, () => []);
    let header: string[] | undefined;
    for await (const record of createReadStream(csv).pipe(parse({ bom: true })) as AsyncIterable<string[]>) {
      if (!header) {
        header = record;
        continue;
      }
      const [created, id, login, email, role, suspended, , , , , dormant, lastActive, rawLogin, twoFactor] = record;
      const values = [Number(id), login, email, email!.toLowerCase(), role, suspended === "true", dormant === "true", created, lastActive, rawLogin, twoFactor === "true"];
      values.forEach((v, c) => cols[c]!.push(v));
    }
    const snapshotId = `lower-${i}`;
    await sql.query(`INSERT INTO user_snapshots (id, server_id, source) VALUES ($1, $2, 'synced')`, [snapshotId, serverIds[i]]);
    await sql.query(
      `INSERT INTO ghes_users (snapshot_id, ghes_id, login, email, email_normalized, role, suspended, dormant, created_on_ghes, last_active, raw_login, two_factor)
       SELECT $1, * FROM unnest($2::int4[], $3::text[], $4::text[], $5::text[], $6::text[], $7::bool[], $8::bool[], $9::timestamptz[], $10::timestamptz[], $11::text[], $12::bool[])`,
      [snapshotId, ...cols],
    );
  }
  const measured = done();
  await sql.close();
  return measured;
}

/** Child: the recount alone, on the data a full sync left. */
async function recountAlone(dir: string): Promise<Measure> {
  const sql = await openFleetDatabase(dir);
  const done = measure();
  const result = await recount({ sql }, 1, new Date());
  const measured = done({ consumed: result.totals.consumed, rowsWritten: result.rowsWritten });
  await sql.close();
  return measured;
}

// The app's phases run with the app's Node flags, as `npm start` runs it; the lower bound, which
// is not the app, and the set-up with Node's defaults.
const APP_PHASES = new Set(["sync", "recount"]);

function runChild(args: string[]): Promise<Measure> {
  return new Promise((resolve, reject) => {
    const execArgv = [...process.execArgv, ...(APP_PHASES.has(args[0]!) ? APP_NODE_FLAGS : [])];
    const child = fork(fileURLToPath(import.meta.url), args, { execArgv, stdio: ["ignore", "pipe", "inherit", "ipc"] });
    let out = "";
    child.stdout!.on("data", (chunk: Buffer) => (out += chunk.toString()));
    child.on("error", reject);
    child.on("exit", (code) => {
      const line = out.split("\n").find((l) => l.startsWith("BENCH "));
      if (code !== 0 || !line) reject(new Error(`bench phase ${args[0]} failed (exit ${code})\n${out}`));
      else resolve(JSON.parse(line.slice("BENCH ".length)) as Measure);
    });
  });
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const fmt = (m: Measure) => `${seconds(m.wallMs)} (CPU ${seconds(m.cpuMs)}), peak RSS ${m.peakRssMb} MB (${m.openRssMb} MB at open)`;
const split = (d: Record<string, number>) =>
  `GHES parse+replace ${seconds(d.ghesParseReplaceMs!)} (peak RSS by then ${d.ghesPeakRssMb} MB), cloud store ${seconds(d.cloudStoreMs!)}, recount ${seconds(d.recountMs!)} (${d.rowsWritten} rows written)`;

async function main(): Promise<void> {
  const users = Number(process.env.BENCH_USERS ?? 100_000);
  const members = Number(process.env.BENCH_MEMBERS ?? 20_000);
  const scales = (process.env.BENCH_SCALES ?? "1,4").split(",").map(Number);
  const work = mkdtempSync(join(tmpdir(), "license-sync-bench-"));
  console.log(
    `Synthetic fleet: ${SERVERS} GHES servers × ${users} users (half shared), an organization of ${members}; ` +
      (POSTGRES ? `PostgreSQL at ${new URL(POSTGRES_URL).host}, a database per phase` : `embedded database (PGlite) in ${work}`),
  );
  console.log(`load average at start: ${loadavg().map((l) => l.toFixed(2)).join(" ")} on ${availableParallelism()} cores`);
  try {
    const recounts: Array<[number, Measure]> = [];
    for (const scale of scales) {
      const n = users * scale;
      const csvs = Array.from({ length: SERVERS }, (_, s) => join(work, `all_users-${scale}x-${s + 1}.csv`));
      for (const [s, csv] of csvs.entries()) await writeAllUsersCsv(csv, n, s * Math.floor(n / 2), s % 2 === 1);
      const db = join(work, `db-${scale}x`);
      await runChild(["init", db]);
      const sync = await runChild(["sync", db, String(members * scale), String(n), ...csvs]);
      const weekly = await runChild(["sync", db, String(members * scale), String(n), ...csvs]);
      const alone = await runChild(["recount", db]);
      recounts.push([scale, alone]);
      const d = sync.detail!;
      console.log(`\n[${scale}× data: ${SERVERS * n} GHES users, ${members * scale} members → ${d.consumed} licenses]`);
      console.log(`  full sync          ${fmt(sync)}`);
      console.log(`    ${split(d)}`);
      console.log(`  weekly sync        ${fmt(weekly)}`);
      console.log(`    ${split(weekly.detail!)}`);
      console.log(`  recount alone      ${fmt(alone)} (${alone.detail!.rowsWritten} rows written)`);
      if (scale === 1) {
        await runChild(["init", join(work, "db-lower")]);
        const lower = await runChild(["lower", join(work, "db-lower"), ...csvs]);
        await dropFleetDatabase(join(work, "db-lower"));
        const ratio = (a: number, b: number) => (a / b).toFixed(2);
        console.log(`  lower bound        ${fmt(lower)} (csv-parse + one INSERT per report, from local files)`);
        console.log(`  ratio to the lower bound (wall; CPU in brackets):`);
        console.log(`    GHES parse+replace ${ratio(d.ghesParseReplaceMs!, lower.wallMs)}`);
        console.log(`    full sync          ${ratio(sync.wallMs, lower.wallMs)} (${ratio(sync.cpuMs, lower.cpuMs)})`);
        console.log(`    weekly sync        ${ratio(weekly.wallMs, lower.wallMs)} (${ratio(weekly.cpuMs, lower.cpuMs)})`);
      }
      await dropFleetDatabase(db);
    }
    const base = recounts.find(([s]) => s === 1)?.[1];
    for (const [scale, m] of recounts) {
      if (base && scale !== 1) {
        console.log(`\nrecount growth 1× → ${scale}×: ${(m.wallMs / base.wallMs).toFixed(2)}× the time, ${(m.cpuMs / base.cpuMs).toFixed(2)}× the CPU (linear: ${scale}×)`);
      }
    }
    console.log(`\nload average at end: ${loadavg().map((l) => l.toFixed(2)).join(" ")}`);
  } finally {
    if (POSTGRES) for (const scale of scales) await dropFleetDatabase(join(work, `db-${scale}x`)).catch(() => undefined);
    if (POSTGRES) await dropFleetDatabase(join(work, "db-lower")).catch(() => undefined);
    rmSync(work, { recursive: true, force: true });
  }
}

const [phase, dir, ...rest] = process.argv.slice(2);
if (phase === "init") console.log(`BENCH ${JSON.stringify(await initFleet(dir!))}`);
else if (phase === "sync") console.log(`BENCH ${JSON.stringify(await fullSync(dir!, rest.slice(2), Number(rest[0]), Number(rest[1])))}`);
else if (phase === "lower") console.log(`BENCH ${JSON.stringify(await lowerBound(dir!, rest))}`);
else if (phase === "recount") console.log(`BENCH ${JSON.stringify(await recountAlone(dir!))}`);
else await main();
