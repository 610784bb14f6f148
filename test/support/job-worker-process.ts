// A worker replica for the multi-process job tests: the job system on a PostgreSQL database, with a
// sync that records its start and end in `test_sync_log`. Reads commands on stdin:
//   enqueue <server id>   → prints `run <run id> <created>` ("Sync now" on this replica)
// Prints `ready` once started; stops cleanly on SIGTERM.
// Usage: node --import tsx test/support/job-worker-process.ts <postgres url> <sync ms>
import { createInterface } from "node:readline";
import { pino } from "pino";
import { openDatabase } from "../../src/db/open-database.js";
import { createJobSystem } from "../../src/jobs/index.js";
import { FAST_JOB_SETTINGS } from "./job-fixtures.js";

const [url, syncMs = "500"] = process.argv.slice(2);
if (!url) throw new Error("usage: job-worker-process.ts <postgres url> <sync ms>");

const db = await openDatabase({ kind: "postgres", url }, { poolSize: 4 });
const log = pino({ level: "debug" }, pino.destination(2));
const record = (serverId: string, runId: string, event: "start" | "end") =>
  db.sql.query(`INSERT INTO test_sync_log (server_id, run_id, pid, event, at) VALUES ($1, $2, $3, $4, clock_timestamp())`, [
    serverId,
    runId,
    process.pid,
    event,
  ]);

const jobs = createJobSystem({
  db,
  config: { syncCron: "0 3 * * 1" },
  log,
  schedule: false,
  settings: { ...FAST_JOB_SETTINGS, concurrency: { server: 1, cloud: 1, recount: 1 } },
  syncServer: async (serverId, run) => {
    await record(serverId, run.id, "start");
    await new Promise((resolve) => setTimeout(resolve, Number(syncMs)));
    await record(serverId, run.id, "end");
    return { usersSeen: 1 };
  },
  syncCloud: async () => ({ usersSeen: 0 }),
  recount: async () => undefined,
});
await jobs.start();

createInterface({ input: process.stdin }).on("line", (line) => {
  const [command, serverId] = line.trim().split(/\s+/);
  if (command !== "enqueue" || !serverId) return;
  jobs.enqueueServerSync(serverId, { kind: "manual", triggeredBy: `pid-${process.pid}` }).then(
    ({ runId, created }) => process.stdout.write(`run ${runId} ${created}\n`),
    (error: unknown) => process.stdout.write(`error ${(error as Error).message}\n`),
  );
});

process.once("SIGTERM", () => {
  void jobs
    .stop({ timeoutSeconds: 5 })
    .then(() => db.close())
    .finally(() => process.exit(0));
});
process.stdout.write("ready\n");
