// `npm run bench:load` (issue 7): the running app on loopback under load, beside a bare Probot app
// measured in the same run. Figures are printed; nothing here fails on a number.
//   webhooks  signed `push` deliveries (GitHub's example payload, to a repository other than
//             `.github`: the app checks the payload, sees from it alone that there is nothing to do
//             and answers, no database, no GitHub call; most pushes of an organization are these),
//             each with a fresh X-GitHub-Delivery id, to our app and to a bare Probot app with a
//             no-op handler: at saturation (BENCH_CONNECTIONS, each sending as soon as answered:
//             throughput and CPU per delivery), then at fixed offered rates (BENCH_RATES, evenly
//             spaced, open loop: the latency GitHub would see), where the latency target is judged.
//             At saturation latency is queueing (p50 ≈ connections / throughput), so it is printed
//             but not judged.
//   reads     GET /api/enterprises/{org}/consumed-licenses?per_page=100&page=N with a bearer token,
//             N random over every page (1…2,000 at 200,000 people), deep pages alone (the last
//             quarter), both at saturation (BENCH_CONNECTIONS), one client paging alone (1
//             connection), then random pages at fixed offered rates (BENCH_READ_RATES, paced as
//             the webhooks are). The 50 ms p99 target is judged for one client and at the fixed
//             rates; at saturation p99 is queueing behind the other connections, printed only.
// Each server runs in a process of its own; autocannon runs in this one. GitHub is a local stand-in
// (the app caches who a token is and the ownership, so it is asked once). Besides throughput and
// p50/p99 (sub-millisecond, from each response), each scenario prints the server's CPU time per
// answered request: on a machine shared with other work, latency mostly measures the machine.
// Environment: BENCH_PEOPLE (200000), BENCH_SECONDS per scenario (10), BENCH_WARMUP_SECONDS (5),
// BENCH_CONNECTIONS (10), BENCH_RATES of the paced webhook runs in req/s ("200,500"),
// BENCH_READ_RATES of the paced reads ("50,200"), BENCH_ROUNDS
// of the webhook pairs, alternating which app goes first; the verdict takes the median round (3),
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
import { APP_NODE_FLAGS } from "../src/runtime/app-node-flags.js";
import { BENCH_TOKEN, startGitHubStandIn } from "./load/github-stand-in.js";
import { runLoad, runPaced, type LoadFigures, type LoadOptions, type PacedOptions } from "./load/run-load.js";
import type { ServeMessage } from "./load/serve.js";
import { BENCH_INSTALLATION_ID, BENCH_ORG } from "./load/seed.js";

const env = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const PEOPLE = env("BENCH_PEOPLE", 200_000);
const SECONDS = env("BENCH_SECONDS", 10);
const WARMUP = env("BENCH_WARMUP_SECONDS", 5);
const CONNECTIONS = env("BENCH_CONNECTIONS", 10);
const ROUNDS = env("BENCH_ROUNDS", 3);
const RATES = (process.env.BENCH_RATES ?? "200,500").split(",").map(Number).filter((rate) => rate > 0);
const READ_RATES = (process.env.BENCH_READ_RATES ?? "50,200").split(",").map(Number).filter((rate) => rate > 0);
const LOG_LEVEL = process.env.BENCH_LOG_LEVEL ?? "info";
const SCENARIOS = new Set((process.env.BENCH_SCENARIOS ?? "webhooks,reads").split(",").map((s) => s.trim()));
const PER_PAGE = 100;
const WEBHOOK_TARGET = 1.5;
const READ_P99_TARGET_MS = 50;

type Served = { child: ChildProcess; url: string; seedMs: number };
type Figures = LoadFigures & { cpuPerRequest: number };

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
async function measure(served: Served, run: () => Promise<LoadFigures>): Promise<Figures> {
  const before = await cpuMs(served);
  const figures = await run();
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

/** The signed push delivery, as GitHub sends it, less its delivery id (fresh for each request). */
function webhookRequest(url: string, body: string, secret: string): Pick<LoadOptions, "url" | "method" | "headers" | "body"> {
  const signature = `sha256=${createHmac("sha256", secret).update(body).digest("hex")}`;
  return {
    url: `${url}/api/github/webhooks`,
    method: "POST",
    headers: { "content-type": "application/json", "x-github-event": "push", "x-hub-signature-256": signature, "user-agent": "GitHub-Hookshot/bench" },
    body,
  };
}

function webhookLoad(url: string, body: string, secret: string, seconds: number): LoadOptions {
  return {
    ...webhookRequest(url, body, secret),
    setupRequest: (request) => ({ ...request, headers: { ...request.headers, "x-github-delivery": randomUUID() } }),
    connections: CONNECTIONS,
    seconds,
  };
}

function pacedWebhookLoad(url: string, body: string, secret: string, rate: number, seconds: number): PacedOptions {
  return { ...webhookRequest(url, body, secret), requestHeaders: () => ({ "x-github-delivery": randomUUID() }), rate, seconds };
}

const READ_PATH = `/api/enterprises/${BENCH_ORG}/consumed-licenses?per_page=${PER_PAGE}&page=`;
const randomPagePath = ([first, last]: [number, number]) => `${READ_PATH}${first + Math.floor(Math.random() * (last - first + 1))}`;
const READ_HEADERS = { authorization: `Bearer ${BENCH_TOKEN}`, accept: "application/json" };

function readLoad(url: string, seconds: number, pages: [number, number]): LoadOptions {
  return {
    url: `${url}${READ_PATH}1`,
    headers: READ_HEADERS,
    setupRequest: (request) => ({ ...request, path: randomPagePath(pages) }),
    connections: CONNECTIONS,
    seconds,
  };
}

function pacedReadLoad(url: string, seconds: number, pages: [number, number], rate: number): PacedOptions {
  return { url: `${url}${READ_PATH}1`, headers: READ_HEADERS, requestPath: () => randomPagePath(pages), rate, seconds };
}

/** One request of each kind, answered as expected, before anything is measured. */
async function checkTargets(ours: string, bare: string, body: string, secret: string): Promise<void> {
  for (const url of [ours, bare]) {
    const load = webhookRequest(url, body, secret);
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
const row = (name: string, f: Figures) =>
  `  ${name.padEnd(34)} ${f.throughput.toFixed(0).padStart(7)} req/s  p50 ${ms(f.p50).padStart(9)}  p99 ${ms(f.p99).padStart(9)}  max ${ms(f.max).padStart(9)}  server CPU ${ms(f.cpuPerRequest)}/req` +
  (f.non2xx + f.errors > 0 ? `  (non-2xx ${f.non2xx}, errors ${f.errors}: ${JSON.stringify(f.statusCodes)})` : "");

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

/** A webhook load: as fast as answered at BENCH_CONNECTIONS (`rate` undefined), or a fixed offered rate. */
type WebhookLoad = { name: string; rate?: number };
const WEBHOOK_LOADS: WebhookLoad[] = [{ name: `saturation (${CONNECTIONS} connections)` }, ...RATES.map((rate) => ({ name: `at ${rate} req/s`, rate }))];
type WebhookPair = { ours: Figures; bare: Figures };
/** One round: each load's pair of runs, in WEBHOOK_LOADS order. */
type WebhookRound = WebhookPair[];

const ratio = (ours: number, bare: number) => `${(ours / bare).toFixed(2)}×`;
const ratiosLine = ({ ours, bare }: WebhookPair) =>
  `p50 ${ratio(ours.p50, bare.p50)}  p99 ${ratio(ours.p99, bare.p99)}  throughput bare/ours ${ratio(bare.throughput, ours.throughput)}  CPU/req ${ratio(ours.cpuPerRequest, bare.cpuPerRequest)}`;

/**
 * Each load on both apps, one after the other, so each pair shares the machine's moment; which app
 * goes first alternates by round (the second run of a pair finds the machine warmer, or busier).
 */
async function webhookRound(round: number, apps: { ours: Served; bare: Served }, body: string, secret: string): Promise<WebhookRound> {
  const order = round % 2 === 1 ? (["bare", "ours"] as const) : (["ours", "bare"] as const);
  console.log(`  round ${round} (${order.join(" then ")})`);
  const pairs: WebhookRound = [];
  for (const load of WEBHOOK_LOADS) {
    const figures: Partial<WebhookPair> = {};
    for (const which of order) {
      const { url } = apps[which];
      const run = load.rate === undefined ? () => runLoad(webhookLoad(url, body, secret, SECONDS)) : () => runPaced(pacedWebhookLoad(url, body, secret, load.rate!, SECONDS));
      figures[which] = await measure(apps[which], run);
    }
    const pair = figures as WebhookPair;
    pairs.push(pair);
    console.log(`    ${load.name}`);
    console.log(row("  license-sync webhooks", pair.ours));
    console.log(row("  bare Probot webhooks (no-op)", pair.bare));
    console.log(`  ${"  ratio ours / bare".padEnd(34)} ${ratiosLine(pair)}${keptUp(load, pair)}`);
  }
  return pairs;
}

/** At a fixed rate, an app answering fewer than 95% of the requests offered could not keep up. */
function keptUp(load: WebhookLoad, pair: WebhookPair): string {
  if (load.rate === undefined) return "";
  const behind = (["ours", "bare"] as const).filter((which) => pair[which].throughput < 0.95 * load.rate!);
  return behind.map((which) => `  (${which} answered only ${pair[which].throughput.toFixed(0)} of ${load.rate} req/s)`).join("");
}

/**
 * The latency target, judged at each fixed rate on the median round; saturation beside it, not
 * judged: there p50 ≈ connections / throughput, so its latency ratio is the throughput ratio.
 */
function printWebhookTargets(rounds: WebhookRound[]): void {
  const med = (index: number, value: (pair: WebhookPair) => number) => median(rounds.map((round) => value(round[index]!)));
  console.log(`  webhook latency within ${WEBHOOK_TARGET}× the bare app's (median of ${rounds.length} rounds):`);
  WEBHOOK_LOADS.forEach((load, index) => {
    const p50 = med(index, (p) => p.ours.p50 / p.bare.p50);
    const p99 = med(index, (p) => p.ours.p99 / p.bare.p99);
    const figures = `p50 ${p50.toFixed(2)}× (${ms(med(index, (p) => p.ours.p50))} vs ${ms(med(index, (p) => p.bare.p50))}), p99 ${p99.toFixed(2)}× (${ms(med(index, (p) => p.ours.p99))} vs ${ms(med(index, (p) => p.bare.p99))})`;
    const cpu = `server CPU per delivery ${med(index, (p) => p.ours.cpuPerRequest / p.bare.cpuPerRequest).toFixed(2)}× (${ms(med(index, (p) => p.ours.cpuPerRequest))} vs ${ms(med(index, (p) => p.bare.cpuPerRequest))})`;
    if (load.rate !== undefined) {
      const verdict = p50 <= WEBHOOK_TARGET && p99 <= WEBHOOK_TARGET ? "PASS" : "MISS";
      console.log(`    at ${load.rate} req/s offered: ${figures} → ${verdict}; ${cpu}`);
    } else {
      const throughput = `throughput bare/ours ${med(index, (p) => p.bare.throughput / p.ours.throughput).toFixed(2)}× (${med(index, (p) => p.ours.throughput).toFixed(0)} vs ${med(index, (p) => p.bare.throughput).toFixed(0)} req/s)`;
      console.log(`    ${load.name}, not judged (latency there is queueing: p50 ≈ connections / throughput): ${throughput}, ${cpu}; ${figures}`);
    }
  });
}

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
    // Ours with the app's Node flags, as `npm start` runs it; the bare Probot app with Node's defaults.
    ours = await serve("ours", oursEnv, [...APP_NODE_FLAGS, ...cpuProf]);
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

    const webhookRounds: WebhookRound[] = [];
    if (SCENARIOS.has("webhooks")) {
      console.log(`\nWebhooks: signed push deliveries (${body.length} bytes), a fresh delivery id each; ${WEBHOOK_LOADS.map((load) => load.name).join("; ")}`);
      for (let round = 1; round <= ROUNDS; round++) webhookRounds.push(await webhookRound(round, { ours, bare }, body, secret));
    }

    // At saturation every connection waits behind the others (queueing, as for the webhooks): those
    // runs are printed, not judged.
    type ReadScenario = { name: string; judged: boolean; run: () => Promise<LoadFigures> };
    const reads: Array<{ name: string; judged: boolean; figures: LoadFigures }> = [];
    if (SCENARIOS.has("reads")) {
      console.log(`\nConsumed-licenses reads: per_page=${PER_PAGE}, bearer token`);
      const scenarios: ReadScenario[] = [
        { name: `random pages 1–${lastPage}, saturation, ${CONNECTIONS} conn.`, judged: false, run: () => runLoad(readLoad(ours!.url, SECONDS, [1, lastPage])) },
        { name: `deep pages ${deep[0]}–${deep[1]}, saturation, ${CONNECTIONS} conn.`, judged: false, run: () => runLoad(readLoad(ours!.url, SECONDS, deep)) },
        { name: `random pages 1–${lastPage}, 1 conn.`, judged: true, run: () => runLoad({ ...readLoad(ours!.url, SECONDS, [1, lastPage]), connections: 1 }) },
        ...READ_RATES.map((rate) => ({
          name: `random pages 1–${lastPage}, at ${rate} req/s`,
          judged: true,
          run: () => runPaced(pacedReadLoad(ours!.url, SECONDS, [1, lastPage], rate)),
        })),
      ];
      for (const { name, judged, run } of scenarios) {
        const figures = await measure(ours, run);
        reads.push({ name, judged, figures });
        console.log(row(name, figures));
      }
    }

    console.log(`\nGitHub stand-in calls during the run: ${JSON.stringify(github.calls)}`);
    console.log(`Machine load average at the end: ${loadavg().map((l) => l.toFixed(2)).join(" ")}`);
    console.log(`\nTargets:`);
    if (webhookRounds.length > 0) printWebhookTargets(webhookRounds);
    for (const { name, judged, figures } of reads) {
      const verdict = !judged ? "not judged (queueing)" : figures.p99 < READ_P99_TARGET_MS ? "PASS" : "MISS";
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
