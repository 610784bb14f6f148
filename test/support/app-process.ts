// The real app as a process, for tests of several replicas on one PostgreSQL database and of the
// compiled start. `npm start` runs the compiled dist/main.js with the app's Node flags; these tests
// run the sources through tsx with the same flags (APP_NODE_ARGS), so no build is needed first,
// except where a test asks for the compiled app (COMPILED_APP_NODE_ARGS, after `npm run build`).
// JSON logs are collected; the process starts in an empty working directory, so no developer's
// .env or data folder is read.
import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { once } from "node:events";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { fileURLToPath } from "node:url";
import { APP_NODE_FLAGS } from "../../src/runtime/app-node-flags.js";
import { freePort } from "./free-port.js";
import { waitFor } from "./wait-for.js";

const MAIN = fileURLToPath(new URL("../../src/main.ts", import.meta.url));

/** Node's arguments for the app's sources, with `npm start`'s flags (tsx resolved from here, so any working directory will do). */
export const APP_NODE_ARGS = [...APP_NODE_FLAGS, "--import", import.meta.resolve("tsx"), MAIN];

/** Node's arguments for the compiled app, as `npm start` gives them (run from any working directory). */
export const COMPILED_APP_NODE_ARGS = [...APP_NODE_FLAGS, fileURLToPath(new URL("../../dist/main.js", import.meta.url))];

export type LogLine = { level: number; msg: string; [key: string]: unknown };

export type AppProcess = {
  name: string;
  pid: number;
  baseUrl: string;
  /** parsed JSON log lines so far */
  logs(): LogLine[];
  /** raw output so far (stdout and stderr) */
  output(): string;
  /** SIGTERM, then the exit code once it exits */
  stop(): Promise<number | null>;
  /** SIGKILL: no clean-up at all */
  kill(): Promise<void>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
};

export async function startAppProcess(name: string, env: Record<string, string>, args: readonly string[] = APP_NODE_ARGS): Promise<AppProcess> {
  const port = await freePort();
  const child: ChildProcessWithoutNullStreams = spawn(process.execPath, args, {
    cwd: mkdtempSync(`${tmpdir()}/replica-`),
    env: { PATH: process.env.PATH!, HOST: "127.0.0.1", PORT: String(port), LOG_FORMAT: "json", LOG_LEVEL: "info", ...env },
    stdio: ["pipe", "pipe", "pipe"],
  });
  let output = "";
  const lines: LogLine[] = [];
  let partial = "";
  child.stdout.on("data", (chunk: Buffer) => {
    output += chunk.toString();
    partial += chunk.toString();
    const complete = partial.split("\n");
    partial = complete.pop()!;
    for (const line of complete) {
      try {
        lines.push(JSON.parse(line) as LogLine);
      } catch {
        // not a log line (a stray print); kept in output()
      }
    }
  });
  child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const exited = once(child, "exit").then(([code, signal]) => ({ code: code as number | null, signal: signal as NodeJS.Signals | null }));
  const running = () => child.exitCode === null && child.signalCode === null;
  const app: AppProcess = {
    name,
    pid: child.pid!,
    baseUrl: `http://127.0.0.1:${port}`,
    logs: () => lines,
    output: () => output,
    stop: async () => {
      if (running()) child.kill("SIGTERM");
      return (await exited).code;
    },
    kill: async () => {
      if (running()) child.kill("SIGKILL");
      await exited;
    },
    exited,
  };
  try {
    // Ready, or an early exit (a refused configuration) reported at once rather than at the timeout.
    await Promise.race([
      waitFor(async () => (await fetch(`${app.baseUrl}/readyz`)).status === 200, { what: `${name} to be ready`, timeoutMs: 60_000, intervalMs: 200 }),
      exited.then(({ code, signal }) => Promise.reject(new Error(`${name} exited during start-up (${signal ?? `code ${code}`})`))),
    ]);
  } catch (error) {
    await app.kill();
    throw new Error(`${(error as Error).message}\n${output.slice(-3000)}`, { cause: error });
  }
  return app;
}
