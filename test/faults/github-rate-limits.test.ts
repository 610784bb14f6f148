// Fault: GitHub answers the organization's pull with 5xx, a spent rate limit (403 / 429 with
// x-ratelimit-reset) or Retry-After. The cloud job's retry lands at the header's time (read back
// from the run's next_retry_at and pg-boss's start_after), the last good people stay in force,
// the run's error says why, and a retry at the header's time completes the pull.
import nock from "nock";
import { afterEach, beforeEach, expect, it } from "vitest";
import { syncCloudPeople } from "../../src/cloud/sync-cloud-people.js";
import { account, API, graphql, ORG, pagedList, testOctokit } from "../cloud/github-stand-in.js";
import { seedInstallation } from "../support/job-fixtures.js";
import { describeEachDatabase } from "../support/test-database.js";
import { useJobSystems } from "../support/use-job-systems.js";
import { waitFor } from "../support/wait-for.js";

const MEMBERS = `/orgs/${ORG}/members`;

describeEachDatabase("fault: GitHub 5xx and rate limits on the cloud job", (db) => {
  beforeEach(() => nock.disableNetConnect());
  afterEach(() => {
    nock.cleanAll();
    nock.enableNetConnect();
  });
  const build = useJobSystems(db, {
    syncCloud: async (installationId, run) => ({
      usersSeen: (await syncCloudPeople(db(), testOctokit(), installationId, ORG, { runId: run.id })).people,
    }),
  });

  function githubAnswers(members: Array<[string, number]>) {
    pagedList(MEMBERS, { role: "admin" }, [[]]);
    pagedList(MEMBERS, { role: "member" }, [members.map(([login, id]) => account(login, id))]);
    pagedList(MEMBERS, { filter: "2fa_disabled" }, [[]]);
    pagedList(`/orgs/${ORG}/outside_collaborators`, {}, [[]]);
    pagedList(`/orgs/${ORG}/invitations`, {}, [[]]);
    graphql(
      (call) =>
        call.query.includes("samlIdentityProvider")
          ? { data: { organization: { samlIdentityProvider: null } } }
          : { data: Object.fromEntries(members.map(([login, id], i) => [`u${i}`, { login, databaseId: id, name: null, email: "", organizationVerifiedDomainEmails: [] }])) },
      2,
    );
  }
  /** The first request of a pull (the owners' list) answers this. */
  const firstRequestAnswers = (status: number, headers: Record<string, string>) =>
    nock(API).get(MEMBERS).query({ role: "admin", per_page: "100" }).reply(status, { message: "API rate limit exceeded" }, headers);

  const run = (id: string) => db().prisma.syncRun.findUniqueOrThrow({ where: { id } });
  const failedRun = (id: string) => waitFor(async () => {
    const row = await run(id);
    return row.status === "failed" && row;
  }, { what: "the failed attempt" });
  const pgBossJob = async (id: string) =>
    (await db().sql.query<{ state: string; start_after: Date; retry_count: number }>(`SELECT state::text, start_after, retry_count FROM pgboss.job WHERE id = $1`, [id]))[0];
  const members = async (installationId: number) => {
    const installation = await db().prisma.installation.findUniqueOrThrow({ where: { id: installationId } });
    const rows = await db().prisma.cloudMember.findMany({ where: { snapshotId: installation.currentCloudSnapshotId ?? "" }, orderBy: { login: "asc" } });
    return rows.map((m) => m.login);
  };

  it("5xx without headers: the normal back-off, and the error says what GitHub answered", async () => {
    const installationId = await seedInstallation(db(), { login: ORG });
    nock(API).get(MEMBERS).query(true).reply(502, { message: "Server Error" });
    const jobs = build({ settings: { retry: { limit: 2, delaySeconds: 600, backoff: false } } });
    await jobs.start();
    const { runId } = await jobs.enqueueCloudSync(installationId, { kind: "manual" });
    const failed = await failedRun(runId);
    expect(failed.error).toMatch(/Server Error/);
    expect(failed.error).not.toMatch(/retrying at/);
    const delay = failed.nextRetryAt!.getTime() - failed.finishedAt!.getTime();
    expect(delay).toBeGreaterThan(590_000);
    expect(delay).toBeLessThan(610_000);
    expect((await pgBossJob(failed.jobId!))!.start_after).toEqual(failed.nextRetryAt);
  });

  it("403 with the rate limit spent: the retry is at x-ratelimit-reset, the people in force stay", async () => {
    const installationId = await seedInstallation(db(), { login: ORG });
    githubAnswers([["mona", 1]]);
    const jobs = build();
    await jobs.start();
    const first = await jobs.enqueueCloudSync(installationId, { kind: "manual" });
    await waitFor(async () => (await run(first.runId)).status === "success", { what: "the first pull" });

    const reset = Math.floor(Date.now() / 1000) + 1800;
    firstRequestAnswers(403, { "x-ratelimit-remaining": "0", "x-ratelimit-reset": String(reset), "x-ratelimit-limit": "5000" });
    const { runId } = await jobs.enqueueCloudSync(installationId, { kind: "manual" });
    const failed = await failedRun(runId);
    const resetAt = new Date(reset * 1000);
    expect(failed.nextRetryAt).toEqual(resetAt);
    expect(failed.error).toBe(`GitHub rate limit exhausted (403 on GET /orgs/${ORG}/members); retrying at ${resetAt.toISOString()} (x-ratelimit-reset)`);
    expect(await pgBossJob(failed.jobId!)).toMatchObject({ state: "retry", start_after: resetAt, retry_count: 0 });
    expect(await members(installationId)).toEqual(["mona"]);
  });

  it("429 with retry-after: the retry is that many seconds on, never sooner", async () => {
    const installationId = await seedInstallation(db(), { login: ORG });
    firstRequestAnswers(429, { "retry-after": "900" });
    const jobs = build();
    await jobs.start();
    const before = Date.now();
    const { runId } = await jobs.enqueueCloudSync(installationId, { kind: "scheduled" });
    const failed = await failedRun(runId);
    expect(failed.nextRetryAt!.getTime()).toBeGreaterThanOrEqual(before + 900_000);
    expect(failed.nextRetryAt!.getTime()).toBeLessThanOrEqual(failed.finishedAt!.getTime() + 900_000);
    expect(failed.error).toBe(
      `GitHub secondary rate limit (429 on GET /orgs/${ORG}/members, retry-after: 900); retrying at ${failed.nextRetryAt!.toISOString()} (retry-after)`,
    );
    expect((await pgBossJob(failed.jobId!))!.start_after).toEqual(failed.nextRetryAt);
  });

  it("nothing is lost: the retry starts at the header's time and completes the pull", async () => {
    const installationId = await seedInstallation(db(), { login: ORG });
    githubAnswers([["mona", 1]]);
    // No back-off of its own (0 s), so however slow this machine, the header decides.
    const jobs = build({ settings: { retry: { limit: 2, delaySeconds: 0, backoff: false } } });
    await jobs.start();
    const first = await jobs.enqueueCloudSync(installationId, { kind: "manual" });
    await waitFor(async () => (await run(first.runId)).status === "success", { what: "the first pull" });

    const reset = Math.floor(Date.now() / 1000) + 3;
    firstRequestAnswers(429, { "x-ratelimit-remaining": "0", "x-ratelimit-reset": String(reset) });
    githubAnswers([["mona", 1], ["hubot", 2]]);
    const { runId } = await jobs.enqueueCloudSync(installationId, { kind: "manual" });
    const failed = await failedRun(runId);
    expect(failed.nextRetryAt).toEqual(new Date(reset * 1000));
    expect(await members(installationId)).toEqual(["mona"]);

    const done = await waitFor(async () => {
      const row = await run(runId);
      return row.status === "success" && row;
    }, { what: "the retry to complete" });
    expect(done).toMatchObject({ attempt: 2, usersSeen: 2, error: null, nextRetryAt: null });
    expect(done.startedAt!.getTime()).toBeGreaterThanOrEqual(reset * 1000);
    expect(await members(installationId)).toEqual(["hubot", "mona"]);
    expect(nock.pendingMocks()).toEqual([]);
  });

  it("a rate limit on the last attempt: failed for good, saying until when GitHub asked to wait", async () => {
    const installationId = await seedInstallation(db(), { login: ORG });
    const reset = Math.floor(Date.now() / 1000) + 600;
    firstRequestAnswers(403, { "x-ratelimit-remaining": "0", "x-ratelimit-reset": String(reset) });
    const jobs = build({ settings: { retry: { limit: 0, delaySeconds: 1, backoff: false } } });
    await jobs.start();
    const { runId } = await jobs.enqueueCloudSync(installationId, { kind: "manual" });
    const failed = await failedRun(runId);
    expect(failed.nextRetryAt).toBeNull();
    expect(failed.error).toBe(
      `GitHub rate limit exhausted (403 on GET /orgs/${ORG}/members); no retries left (x-ratelimit-reset said to wait until ${new Date(reset * 1000).toISOString()})`,
    );
    expect((await pgBossJob(failed.jobId!))!.state).toBe("failed");
  });
});
