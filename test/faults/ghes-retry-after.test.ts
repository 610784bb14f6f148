// Fault: GHES answers 503 with Retry-After (maintenance), a spent rate limit, or a 5xx without
// headers. The server job's retry follows the headers (read back from next_retry_at and pg-boss's
// start_after), the server's status says why, the snapshot in force stays, and a retry at the
// header's time completes the sync.
import type { ServerResponse } from "node:http";
import { afterAll, afterEach, beforeEach, expect, it } from "vitest";
import { ghesFaultRig, report, SITE_ADMIN } from "../support/ghes-fault-rig.js";
import { startGhesStandIn, type GhesStandIn } from "../support/ghes-stand-in.js";
import { describeEachDatabase } from "../support/test-database.js";
import { useJobSystems } from "../support/use-job-systems.js";
import { waitFor } from "../support/wait-for.js";

const LICENSE = "/api/v3/enterprise/settings/license";
const REPORT = "/stafftools/reports/all_users.csv";

describeEachDatabase("fault: GHES answers 503 with Retry-After and rate limits", (db) => {
  const rig = ghesFaultRig(db);
  let ghes: GhesStandIn;
  beforeEach(async () => {
    ghes = await startGhesStandIn({ accounts: SITE_ADMIN, report: report("ada", "bob") });
  });
  afterEach(async () => {
    await ghes.close();
  });
  afterAll(() => rig.close());
  const build = useJobSystems(db, { syncServer: rig.syncServer });

  /** The path answers `status` with `headers` the next `times` requests, then a good answer (a third user in the report). */
  function answerWith(path: string, status: number, headers: Record<string, string>, times = Infinity) {
    let left = times;
    ghes.override(path, (_req, res: ServerResponse) => {
      if (left <= 0) {
        res.writeHead(200, { "content-type": path === REPORT ? "text/csv" : "application/json" });
        res.end(path === REPORT ? report("ada", "bob", "cy") : JSON.stringify({ seats: 500, seats_used: 3, seats_available: 497, kind: "standard", days_until_expiration: 300, expire_at: "2027/02/06 12:41:52 -0600" }));
        return;
      }
      left -= 1;
      res.writeHead(status, { "content-type": "application/json", ...headers });
      res.end(JSON.stringify({ message: status === 503 ? "Service Unavailable: maintenance" : "API rate limit exceeded" }));
    });
  }
  const run = (id: string) => db().prisma.syncRun.findUniqueOrThrow({ where: { id } });
  const failedRun = (id: string) => waitFor(async () => {
    const row = await run(id);
    return row.status === "failed" && row;
  }, { what: "the failed attempt" });
  const jobStart = async (jobId: string) =>
    (await db().sql.query<{ start_after: Date; state: string }>(`SELECT start_after, state::text FROM pgboss.job WHERE id = $1`, [jobId]))[0];

  async function syncedServer() {
    const serverId = await rig.seedServer(ghes.apiUrl);
    const jobs = build();
    await jobs.start();
    const first = await jobs.enqueueServerSync(serverId, { kind: "manual" });
    await waitFor(async () => (await run(first.runId)).status === "success", { what: "the first sync" });
    return { serverId, jobs };
  }

  it("503 with Retry-After: the retry waits as long as GHES asked; the status says why; the data in force stays", async () => {
    const { serverId, jobs } = await syncedServer();
    answerWith(LICENSE, 503, { "retry-after": "1200" });
    const before = Date.now();
    const { runId } = await jobs.enqueueServerSync(serverId, { kind: "manual" });
    const failed = await failedRun(runId);
    expect(failed.nextRetryAt!.getTime()).toBeGreaterThanOrEqual(before + 1_200_000);
    expect(failed.nextRetryAt!.getTime()).toBeLessThanOrEqual(failed.finishedAt!.getTime() + 1_200_000);
    const expected = `${ghes.apiUrl}/enterprise/settings/license: answered 503 (retry-after: 1200); retrying at ${failed.nextRetryAt!.toISOString()} (retry-after)`;
    expect(failed.error).toBe(expected);
    expect(await jobStart(failed.jobId!)).toEqual({ start_after: failed.nextRetryAt, state: "retry" });
    expect(await db().prisma.ghesServer.findUniqueOrThrow({ where: { id: serverId } })).toMatchObject({
      lastSyncStatus: "failed",
      lastSyncError: expected,
      consecutiveFailures: 1,
    });
    expect(await rig.loginsInForce(serverId)).toEqual(["ada", "bob"]);
    expect(await rig.snapshots(serverId)).toHaveLength(1);
  });

  it("403 with GHES's rate limit spent: the retry is at x-ratelimit-reset", async () => {
    const serverId = await rig.seedServer(ghes.apiUrl);
    const reset = Math.floor(Date.now() / 1000) + 3000;
    answerWith(LICENSE, 403, { "x-ratelimit-remaining": "0", "x-ratelimit-reset": String(reset) });
    const jobs = build();
    await jobs.start();
    const { runId } = await jobs.enqueueServerSync(serverId, { kind: "scheduled" });
    const failed = await failedRun(runId);
    const resetAt = new Date(reset * 1000);
    expect(failed.nextRetryAt).toEqual(resetAt);
    expect(failed.error).toBe(
      `${ghes.apiUrl}/enterprise/settings/license: answered 403: GHES rate limit exhausted until ${resetAt.toISOString()} (x-ratelimit-reset); retrying at ${resetAt.toISOString()} (x-ratelimit-reset)`,
    );
    expect((await jobStart(failed.jobId!))!.start_after).toEqual(resetAt);
  });

  it("500 without headers: the normal back-off", async () => {
    const serverId = await rig.seedServer(ghes.apiUrl);
    answerWith(LICENSE, 500, {});
    const jobs = build({ settings: { retry: { limit: 2, delaySeconds: 900, backoff: false } } });
    await jobs.start();
    const { runId } = await jobs.enqueueServerSync(serverId, { kind: "manual" });
    const failed = await failedRun(runId);
    expect(failed.error).toBe(`${ghes.apiUrl}/enterprise/settings/license: answered 500`);
    const delay = failed.nextRetryAt!.getTime() - failed.finishedAt!.getTime();
    expect(delay).toBeGreaterThan(890_000);
    expect(delay).toBeLessThan(910_000);
  });

  it("429 on the user report, then the report: the retry starts at the header's time and the new users are in force", async () => {
    const { serverId, jobs } = await syncedServer();
    answerWith(REPORT, 429, { "retry-after": "2" }, 1);
    const { runId } = await jobs.enqueueServerSync(serverId, { kind: "manual" });
    const failed = await failedRun(runId);
    expect(failed.error).toMatch(/all_users\.csv: answered 429 \(retry-after: 2\); retrying at .* \(retry-after\)$/);
    expect(await rig.loginsInForce(serverId)).toEqual(["ada", "bob"]);

    const done = await waitFor(async () => {
      const row = await run(runId);
      return row.status === "success" && row;
    }, { what: "the retry to succeed" });
    expect(done).toMatchObject({ attempt: 2, usersSeen: 3, error: null, nextRetryAt: null });
    expect(done.startedAt!.getTime()).toBeGreaterThanOrEqual(failed.nextRetryAt!.getTime());
    expect(await rig.loginsInForce(serverId)).toEqual(["ada", "bob", "cy"]);
    expect(await db().prisma.ghesServer.findUniqueOrThrow({ where: { id: serverId } })).toMatchObject({ lastSyncStatus: "success", consecutiveFailures: 0 });
  });
});
