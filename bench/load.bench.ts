// `npm run bench:load` (issue 7): the running app on loopback under load, beside a bare Probot app
// measured in the same run. Figures are printed; nothing here fails on a number.
//   webhooks  signed `push` deliveries (GitHub's example payload, to a repository other than
//             `.github`, so the app claims the delivery id, finds nothing to do and records the
//             outcome: the delivery-idempotency path, no GitHub call), each with a fresh
//             X-GitHub-Delivery id, to our app and to a bare Probot app with a no-op handler
//   reads     GET /api/enterprises/{org}/consumed-licenses?per_page=100&page=N with a bearer token,
//             N random over every page (1…2,000 at 200,000 people), deep pages alone (the last
//             quarter), both at BENCH_CONNECTIONS, then one client paging alone (1 connection)
// Each server runs in a process of its own; autocannon runs in this one. GitHub is a local stand-in
// (the app caches who a token is and the ownership, so it is asked once). Besides throughput and
// p50/p99 (sub-millisecond, from each response), each scenario prints the server's CPU time per
// answered request: on a machine shared with other work, latency mostly measures the machine.
// Environment: BENCH_PEOPLE (200000), BENCH_SECONDS per scenario (10), BENCH_WARMUP_SECONDS (5),
// BENCH_CONNECTIONS (10), BENCH_ROUNDS of the webhook pair, alternating which goes first; the
// verdict takes the median round (3),
// BENCH_LOG_LEVEL for both apps (info), BENCH_DATABASE_URL=postgres://… to run the app on a
// PostgreSQL server (a database of its own is created there and dropped afterwards; PGlite in a
// temporary folder otherwise), BENCH_CPU_PROF=<dir> to write a CPU profile of our app there.
import { fork, type ChildProcess } from "node:child_process";
import { createHmac, generateKeyPairSync, randomBytes, randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { BENCH_TOKEN, startGitHubStandIn } from "./load/github-stand-in.js";
import { runLoad, type LoadFigures, type LoadOptions } from "./load/run-load.js";
import type { ServeMessage } from "./load/serve.js";
import { BENCH_INSTALLATION_ID, BENCH_ORG } from "./load/seed.js";

const env = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const PEOPLE = env("BENCH_PEOPLE", 200_000);
const SECONDS = env("BENCH_SECONDS", 10);
const WARMUP = env("BENCH_WARMUP_SECONDS", 5);
const CONNECTIONS = env("BENCH_CONNECTIONS", 10);
const ROUNDS = env("BENCH_ROUNDS", 3);
const LOG_LEVEL = process.env.BENCH_LOG_LEVEL ?? "info";
const SCENARIOS = new Set((process.env.BENCH_SCENARIOS ?? "webhooks,reads").split(",").map((s) => s.trim()));
const PER_PAGE = 100;
const WEBHOOK_TARGET = 1.5;
const READ_P99_TARGET_MS = 50;

type Served = { child: ChildProcess; url: string; seedMs: number };

function serve(kind: "seed" | "ours" | "bare", childEnv: NodeJS.ProcessEnv, execArgv: string[] = []): Promise<Served> {
  return new Promise((resolve, reject) => {
    const child = fork(fileURLToPath(new URL("./load/serve.ts", import.meta.url)), [kind], {
      env: childEnv,
      execArgv: [...process.execArgv, ...execArgv],
      stdio: ["ignore", "ignore", "inherit", "ipc"],
    });
    child.once("message", (message: ServeMessage) => {
      if ("failed" in message) reject(new Error(`${kind} app did not start:\n${message.failed}`));
      else if ("ready" in message) resolve({ child, url: `http://127.0.0.1:${message.port}`, seedMs: message.seedMs });
    });
    child.once("exit", (code) => reject(new Error(`${kind} app exited (${code}) before it was ready`)));
  });
}

async function stop(served: Served | undefined): Promise<void> {
  if (!served || served.child.exitCode !== null) return;
  const exited = new Promise((resolve) => served.child.once("exit", resolve));
  served.child.send("stop");
  const timeout = setTimeout(() => served.child.kill("SIGKILL"), 30_000);
  await exited;
  clearTimeout(timeout);
}

/** The CPU time (user + system) a server process has used so far, in ms. */
function cpuMs(served: Served): Promise<number> {
  return new Promise((resolve) => {
    const onMessage = (message: ServeMessage) => {
      if (!("cpuMs" in message)) return;
      served.child.off("message", onMessage);
      resolve(message.cpuMs);
    };
    served.child.on("message", onMessage);
    served.child.send("cpu");
  });
}

/** A load scenario, with the server's CPU time per answered request (less sensitive to a busy machine than latency). */
async function measure(served: Served, options: LoadOptions): Promise<LoadFigures & { cpuPerRequest: number }> {
  const before = await cpuMs(served);
  const figures = await runLoad(options);
  const after = await cpuMs(served);
  return { ...figures, cpuPerRequest: (after - before) / Math.max(1, figures.requests) };
}

/** GitHub's own `push` example, to a repository that is not `.github`, from the bench installation. */
function pushPayload(): string {
  const require = createRequire(import.meta.url);
  const examples = require("@octokit/webhooks-examples") as Array<{ name: string; examples: Array<Record<string, unknown>> }>;
  const push = structuredClone(examples.find((d) => d.name === "push")!.examples.find((e) => e.ref === "refs/heads/master" && e.installation)!);
  push.installation = { id: BENCH_INSTALLATION_ID, node_id: "MDIzOkludGVncmF0aW9uSW5zdGFsbGF0aW9uNDI0MjAwMQ==" };
  return JSON.stringify(push);
}

function webhookLoad(url: string, body: string, secret: string, seconds: number): LoadOptions {
  const signature = `sha256=${createHmac("sha256", secret).update(body).digest("hex")}`;
  return {
    url: `${url}/api/github/webhooks`,
    method: "POST",
    headers: { "content-type": "application/json", "x-github-event": "push", "x-hub-signature-256": signature, "user-agent": "GitHub-Hookshot/bench" },
    body,
    setupRequest: (request) => ({ ...request, headers: { ...request.headers, "x-github-delivery": randomUUID() } }),
    connections: CONNECTIONS,
    seconds,
  };
}

function readLoad(url: string, seconds: number, pages: [number, number]): LoadOptions {
  const [first, last] = pages;
  const path = `/api/enterprises/${BENCH_ORG}/consumed-licenses?per_page=${PER_PAGE}&page=`;
  return {
    url: `${url}${path}1`,
    headers: { authorization: `Bearer ${BENCH_TOKEN}`, accept: "application/json" },
    setupRequest: (request) => ({ ...request, path: `${path}${first + Math.floor(Math.random() * (last - first + 1))}` }),
    connections: CONNECTIONS,
    seconds,
  };
}

/** One request of each kind, answered as expected, before anything is measured. */
async function checkTargets(ours: string, bare: string, body: string, secret: string): Promise<void> {
  for (const url of [ours, bare]) {
    const load = webhookLoad(url, body, secret, 0);
    const response = await fetch(load.url, { method: "POST", headers: { ...load.headers, "x-github-delivery": randomUUID() }, body });
    if (response.status !== 200) throw new Error(`${url} answered a signed delivery with ${response.status}: ${await response.text()}`);
  }
  const lastPage = Math.ceil(PEOPLE / PER_PAGE);
  const response = await fetch(`${ours}/api/enterprises/${BENCH_ORG}/consumed-licenses?per_page=${PER_PAGE}&page=${lastPage}`, {
    headers: { authorization: `Bearer ${BENCH_TOKEN}` },
  });
  const page = (await response.json()) as { total_seats_consumed?: number; users?: unknown[] };
  if (response.status !== 200 || page.total_seats_consumed !== PEOPLE || page.users?.length !== PEOPLE - (lastPage - 1) * PER_PAGE) {
    throw new Error(`consumed-licenses page ${lastPage} answered ${response.status}: ${JSON.stringify(page).slice(0, 300)}`);
  }
}

const ms = (value: number) => (Number.isFinite(value) ? `${value.toFixed(2)} ms` : "—");
const row = (name: string, f: LoadFigures & { cpuPerRequest: number }) =>
  `  ${name.padEnd(34)} ${f.throughput.toFixed(0).padStart(7)} req/s  p50 ${ms(f.p50).padStart(9)}  p99 ${ms(f.p99).padStart(9)}  max ${ms(f.max).padStart(9)}  server CPU ${ms(f.cpuPerRequest)}/req` +
  (f.non2xx + f.errors > 0 ? `  (non-2xx ${f.non2xx}, errors ${f.errors}: ${JSON.stringify(f.statusCodes)})` : "");

async function createBenchDatabase(serverUrl: string): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `license_sync_bench_${process.pid}_${Date.now()}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const client = new pg.Client({ connectionString: serverUrl });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await client.end();
    },
  };
}

async function main(): Promise<void> {
  const work = mkdtempSync(join(tmpdir(), "license-sync-load-"));
  const github = await startGitHubStandIn();
  const database = process.env.BENCH_DATABASE_URL ? await createBenchDatabase(process.env.BENCH_DATABASE_URL) : undefined;
  const secret = randomBytes(24).toString("hex");
  const privateKey = generateKeyPairSync("rsa", { modulusLength: 2048, privateKeyEncoding: { type: "pkcs1", format: "pem" }, publicKeyEncoding: { type: "spki", format: "pem" } }).privateKey;
  const appEnv: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    NODE_ENV: "production",
    APP_ID: "424242",
    PRIVATE_KEY: privateKey,
    WEBHOOK_SECRET: secret,
    LOG_LEVEL: LOG_LEVEL as NodeJS.ProcessEnv["LOG_LEVEL"],
    LOG_FORMAT: "json",
  };
  const cpuProf = process.env.BENCH_CPU_PROF ? ["--cpu-prof", `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : [];
  let ours: Served | undefined;
  let bare: Served | undefined;
  try {
    const where = database ? `PostgreSQL (${new URL(database.url).host}, a database of its own)` : "PGlite (embedded, in a temporary folder)";
    console.log(`Load benchmark: ${PEOPLE} people in consumed licenses on ${where}; ${CONNECTIONS} connections, ${WARMUP} s warm-up, ${SECONDS} s a scenario, ${ROUNDS} webhook rounds; log level ${LOG_LEVEL}`);
    console.log(`Machine: ${cpus().length} CPUs, load average ${loadavg().map((l) => l.toFixed(2)).join(" ")} at the start (shared with other work: compare the ratios, measured in the same run)`);
    const oursEnv: NodeJS.ProcessEnv = {
      ...appEnv,
      BENCH_PEOPLE: String(PEOPLE),
      HOST: "127.0.0.1",
      PORT: "0",
      DATABASE_URL: database?.url ?? `file:${join(work, "pglite")}`,
      ENCRYPTION_KEY: randomBytes(32).toString("base64"),
      GHE_HOST: github.host,
      GHE_PROTOCOL: "http",
    };
    const seeded = await serve("seed", oursEnv);
    await stop(seeded);
    ours = await serve("ours", oursEnv, cpuProf);
    bare = await serve("bare", appEnv);
    console.log(`Seeded in ${(seeded.seedMs / 1000).toFixed(1)} s (migrations + ${PEOPLE} consumed licenses); started our app and the bare Probot app`);

    const body = pushPayload();
    await checkTargets(ours.url, bare.url, body, secret);
    const lastPage = Math.ceil(PEOPLE / PER_PAGE);
    const deep: [number, number] = [Math.max(1, Math.floor(lastPage * 0.75)), lastPage];

    // Warm-up: JIT, connection pools, caches (the owner check), not measured.
    if (SCENARIOS.has("webhooks")) {
      await runLoad(webhookLoad(bare.url, body, secret, WARMUP));
      await runLoad(webhookLoad(ours.url, body, secret, WARMUP));
    }
    if (SCENARIOS.has("reads")) await runLoad(readLoad(ours.url, WARMUP, [1, lastPage]));

    // What each server burns with no requests at all (ours: the sync engine's polling and timers),
    // which the CPU per request below includes.
    const idleSeconds = 3;
    const idle = await Promise.all([ours, bare].map(async (served) => {
      const before = await cpuMs(served);
      await new Promise((resolve) => setTimeout(resolve, idleSeconds * 1000));
      return ((await cpuMs(served)) - before) / idleSeconds;
    }));
    console.log(`\nIdle CPU (no requests, ${idleSeconds} s): license-sync ${idle[0]!.toFixed(0)} ms/s, bare Probot ${idle[1]!.toFixed(0)} ms/s`);

    const ratios: Array<{ p50: number; p99: number; throughput: number; cpu: number }> = [];
    if (SCENARIOS.has("webhooks")) {
      console.log(`\nWebhooks: signed push deliveries (${body.length} bytes), a fresh delivery id each, ${CONNECTIONS} connections`);
      for (let round = 1; round <= ROUNDS; round++) {
        const order = round % 2 === 1 ? (["bare", "ours"] as const) : (["ours", "bare"] as const);
        const figures: Partial<Record<"ours" | "bare", Awaited<ReturnType<typeof measure>>>> = {};
        for (const which of order) {
          const served = which === "ours" ? ours : bare;
          figures[which] = await measure(served, webhookLoad(served.url, body, secret, SECONDS));
        }
        const o = figures.ours!;
        const b = figures.bare!;
        ratios.push({ p50: o.p50 / b.p50, p99: o.p99 / b.p99, throughput: b.throughput / o.throughput, cpu: o.cpuPerRequest / b.cpuPerRequest });
        console.log(`  round ${round} (${order.join(" then ")})`);
        console.log(row("license-sync webhooks", o));
        console.log(row("bare Probot webhooks (no-op)", b));
        console.log(`  ${"ratio ours / bare".padEnd(34)} p50 ${(o.p50 / b.p50).toFixed(2)}×  p99 ${(o.p99 / b.p99).toFixed(2)}×  throughput bare/ours ${(b.throughput / o.throughput).toFixed(2)}×  CPU/req ${(o.cpuPerRequest / b.cpuPerRequest).toFixed(2)}×`);
      }
    }

    const reads: Array<[string, LoadFigures]> = [];
    if (SCENARIOS.has("reads")) {
      console.log(`\nConsumed-licenses reads: per_page=${PER_PAGE}, bearer token`);
      const scenarios: Array<[string, [number, number], number]> = [
        [`random pages 1–${lastPage}, ${CONNECTIONS} conn.`, [1, lastPage], CONNECTIONS],
        [`deep pages ${deep[0]}–${deep[1]}, ${CONNECTIONS} conn.`, deep, CONNECTIONS],
        [`random pages 1–${lastPage}, 1 conn.`, [1, lastPage], 1],
      ];
      for (const [name, pages, connections] of scenarios) {
        const figures = await measure(ours, { ...readLoad(ours.url, SECONDS, pages), connections });
        reads.push([name, figures]);
        console.log(row(name, figures));
      }
    }

    const median = (values: number[]) => {
      const sorted = [...values].sort((a, b) => a - b);
      const mid = Math.floor(sorted.length / 2);
      return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
    };
    console.log(`\nGitHub stand-in calls during the run: ${JSON.stringify(github.calls)}`);
    console.log(`Machine load average at the end: ${loadavg().map((l) => l.toFixed(2)).join(" ")}`);
    console.log(`\nTargets:`);
    if (ratios.length > 0) {
      const p50Ratio = median(ratios.map((r) => r.p50));
      const p99Ratio = median(ratios.map((r) => r.p99));
      const verdict = p50Ratio <= WEBHOOK_TARGET && p99Ratio <= WEBHOOK_TARGET ? "PASS" : "MISS";
      console.log(`  webhook latency within ${WEBHOOK_TARGET}× the bare app's (median of ${ratios.length} rounds): p50 ${p50Ratio.toFixed(2)}×, p99 ${p99Ratio.toFixed(2)}× → ${verdict} (server CPU per delivery ${median(ratios.map((r) => r.cpu)).toFixed(2)}×)`);
    }
    for (const [name, figures] of reads) {
      const verdict = figures.p99 < READ_P99_TARGET_MS ? "PASS" : "MISS";
      console.log(`  consumed-licenses pages of ${PER_PAGE} under ${READ_P99_TARGET_MS} ms p99 at ${PEOPLE} people, ${name}: p99 ${ms(figures.p99)} → ${verdict}`);
    }
  } finally {
    await stop(ours).catch(() => undefined);
    await stop(bare).catch(() => undefined);
    await github.close();
    await database?.drop();
    rmSync(work, { recursive: true, force: true });
  }
}

await main();
