// The Octokit the app runs with waits out a short GitHub rate limit in-process, but hands a long
// one back to its caller at once (the job layer retries at the header's time).
import nock from "nock";
import { pino } from "pino";
import { afterEach, beforeEach, expect, it } from "vitest";
import { AppOctokit, MAX_IN_PROCESS_WAIT_SECONDS } from "../../src/github/app-octokit.js";
import { captureLog } from "../support/test-app.js";

const API = "https://api.github.com";
const MEMBERS = "/orgs/acme-corp/members";

beforeEach(() => nock.disableNetConnect());
afterEach(() => {
  nock.cleanAll();
  nock.enableNetConnect();
});

function client(log: pino.Logger) {
  return new AppOctokit({ auth: { token: "ghs_test000000000000000000000000000001" }, log, retry: { enabled: false } });
}
const spent = (resetInSeconds: number) => ({
  "x-ratelimit-remaining": "0",
  "x-ratelimit-limit": "5000",
  "x-ratelimit-reset": String(Math.floor(Date.now() / 1000) + resetInSeconds),
});

it("waits through a rate limit that resets within seconds, then answers", async () => {
  const { log, lines } = captureLog("warn");
  nock(API).get(MEMBERS).reply(403, { message: "API rate limit exceeded" }, spent(1));
  nock(API).get(MEMBERS).reply(200, [{ login: "mona" }]);
  const { data } = await client(log).request(`GET ${MEMBERS}`);
  expect(data).toEqual([{ login: "mona" }]);
  expect(lines.join("")).toMatch(/GitHub rate limit on GET \/orgs\/acme-corp\/members: retrying in \d s/);
  expect(nock.isDone()).toBe(true);
});

it("does not wait for a limit that resets later than the in-process bound: the 403 reaches the caller", async () => {
  const { log, lines } = captureLog("warn");
  const later = MAX_IN_PROCESS_WAIT_SECONDS * 20;
  nock(API).get(MEMBERS).reply(403, { message: "API rate limit exceeded" }, spent(later));
  const started = Date.now();
  const error = (await client(log).request(`GET ${MEMBERS}`).catch((e: unknown) => e)) as { status?: number; response?: { headers: Record<string, string> } };
  expect(error.status).toBe(403);
  expect(error.response?.headers["x-ratelimit-reset"]).toBeDefined();
  // The throttle plugin would otherwise sleep here for twenty minutes; the test's own timeout is far shorter.
  expect(Date.now() - started).toBeLessThan(later * 1000);
  expect(lines.join("")).toContain("not waiting in-process");
});

it("hands back a secondary limit's long retry-after the same way", async () => {
  const { log } = captureLog("warn");
  nock(API).get(MEMBERS).reply(403, { message: "You have exceeded a secondary rate limit" }, { "retry-after": "900" });
  const error = (await client(log).request(`GET ${MEMBERS}`).catch((e: unknown) => e)) as { status?: number };
  expect(error.status).toBe(403);
});
