// Fault: GHES is down for the whole retry window (connections refused, connections reset, or the
// report cut off mid-stream on every attempt). Every attempt fails, the retries are spent, the run
// ends failed with a clear error, the last good snapshot stays in force with nothing half-written
// beside it, and the server's status shows the failure streak the alert counts.
import net, { type AddressInfo } from "node:net";
import { afterAll, afterEach, beforeEach, expect, it } from "vitest";
import { alertConditions } from "../../src/alerts/alert-conditions.js";
import { ghesFaultRig, report, SITE_ADMIN } from "../support/ghes-fault-rig.js";
import { startGhesStandIn, type GhesStandIn } from "../support/ghes-stand-in.js";
import { describeEachDatabase } from "../support/test-database.js";
import { useJobSystems } from "../support/use-job-systems.js";
import { waitFor } from "../support/wait-for.js";

type Outage = { name: string; start: (ghes: GhesStandIn) => Promise<{ apiUrl: string; connections: () => number; close: () => Promise<void> }>; error: RegExp };

/** A TCP server that accepts and resets every connection. */
async function resettingServer() {
  let connections = 0;
  const server = net.createServer((socket) => {
    connections += 1;
    socket.resetAndDestroy();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return { apiUrl: `http://127.0.0.1:${port}/api/v3`, connections: () => connections, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

const OUTAGES: Outage[] = [
  {
    name: "connections refused",
    start: async (ghes) => {
      const apiUrl = ghes.apiUrl;
      await ghes.close();
      return { apiUrl, connections: () => 0, close: async () => undefined };
    },
    error: /^http:\/\/127\.0\.0\.1:\d+\/api\/v3\/enterprise\/settings\/license: cannot connect \(ECONNREFUSED\)$/,
  },
  { name: "connections reset", start: () => resettingServer(), error: /\/enterprise\/settings\/license: cannot connect \(ECONNRESET\)$/ },
  {
    name: "the report cut off mid-stream",
    start: async (ghes) => {
      let cuts = 0;
      ghes.override("/stafftools/reports/all_users.csv", (_req, res) => {
        cuts += 1;
        res.writeHead(200, { "content-type": "text/csv" });
        res.write(`${report("new1", "new2", "new3")}\n`);
        // The rows so far have been sent; the connection dies before the report ends.
        setTimeout(() => res.destroy(), 20);
      });
      return { apiUrl: ghes.apiUrl, connections: () => cuts, close: async () => undefined };
    },
    error: /all_users\.csv: the connection was lost while the report was being read \(ECONNRESET\)$/,
  },
];

describeEachDatabase("fault: GHES down for a whole retry window", (db) => {
  const rig = ghesFaultRig(db);
  let ghes: GhesStandIn;
  const cleanups: Array<() => Promise<void>> = [];
  beforeEach(async () => {
    ghes = await startGhesStandIn({ accounts: SITE_ADMIN, report: report("ada", "bob") });
    cleanups.push(() => ghes.close());
  });
  afterEach(async () => {
    while (cleanups.length) await cleanups.pop()!().catch(() => undefined);
  });
  afterAll(() => rig.close());
  const build = useJobSystems(db, { syncServer: rig.syncServer });
  const run = (id: string) => db().prisma.syncRun.findUniqueOrThrow({ where: { id } });

  it.each(OUTAGES)("$name: the retries are spent, the run ends failed, the last good data stays", async (outage) => {
    const serverId = await rig.seedServer(ghes.apiUrl);
    const jobs = build({ settings: { retry: { limit: 2, delaySeconds: 1, backoff: false } } });
    await jobs.start();
    const good = await jobs.enqueueServerSync(serverId, { kind: "manual" });
    await waitFor(async () => (await run(good.runId)).status === "success", { what: "the good sync" });
    const [goodSnapshot] = await rig.snapshots(serverId);

    const down = await outage.start(ghes);
    cleanups.push(down.close);
    await db().prisma.ghesServer.update({ where: { id: serverId }, data: { apiUrl: down.apiUrl } });
    const { runId } = await jobs.enqueueServerSync(serverId, { kind: "scheduled" });
    const last = await waitFor(async () => {
      const row = await run(runId);
      return row.status === "failed" && row.attempt === 3 && row;
    }, { what: "the third and last failed attempt", timeoutMs: 30_000 });

    expect(last.error).toMatch(outage.error);
    expect(last.nextRetryAt).toBeNull();
    const [job] = await db().sql.query<{ state: string; retry_count: number }>(`SELECT state::text, retry_count FROM pgboss.job WHERE id = $1`, [last.jobId]);
    expect(job).toEqual({ state: "failed", retry_count: 2 });
    if (outage.name !== "connections refused") expect(down.connections()).toBe(3);

    // The last good snapshot is in force, and no half-written one is left beside it.
    expect(await rig.loginsInForce(serverId)).toEqual(["ada", "bob"]);
    expect((await rig.snapshots(serverId)).map((s) => s.id)).toEqual([goodSnapshot!.id]);
    expect(await db().prisma.ghesUser.count()).toBe(2);

    const server = await db().prisma.ghesServer.findUniqueOrThrow({ where: { id: serverId } });
    expect(server).toMatchObject({ lastSyncStatus: "failed", lastSyncError: last.error, consecutiveFailures: 3, currentSnapshotId: goodSnapshot!.id });
    const alerts = alertConditions({ org: "octo-org", consumed: null, purchased: null, servers: [server] }, { seatThreshold: 0.9, failedSyncs: 2 });
    expect(alerts.map((a) => a.key)).toEqual([`failed_syncs:${serverId}`]);
  });
});
