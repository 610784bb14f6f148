// GitHub's errors as Octokit really throws them (through nock), read for when to come back.
import nock from "nock";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { asGithubRetryError } from "../../src/cloud/github-rate-limit.js";
import { RetryAfterError } from "../../src/jobs/index.js";
import { API, ORG, testOctokit } from "./github-stand-in.js";

const NOW = new Date("2026-11-29T05:00:00.000Z");
const RESET = 1_795_929_600;

async function thrown(call: () => Promise<unknown>): Promise<unknown> {
  return call().then(
    () => expect.fail("GitHub's answer should have thrown"),
    (error: unknown) => error,
  );
}
const members = () => thrown(() => testOctokit().request("GET /orgs/{org}/members", { org: ORG }));

describe("asGithubRetryError", () => {
  beforeEach(() => nock.disableNetConnect());
  afterEach(() => {
    nock.cleanAll();
    nock.enableNetConnect();
  });

  it("a spent REST rate limit: retry at x-ratelimit-reset, the original error kept as the cause", async () => {
    nock(API).get(`/orgs/${ORG}/members`).reply(403, { message: "API rate limit exceeded" }, { "x-ratelimit-remaining": "0", "x-ratelimit-reset": String(RESET) });
    const original = await members();
    const error = asGithubRetryError(original, NOW);
    expect(error).toBeInstanceOf(RetryAfterError);
    expect(error).toMatchObject({
      message: `GitHub rate limit exhausted (403 on GET /orgs/${ORG}/members)`,
      retryHint: { at: new Date(RESET * 1000), source: "x-ratelimit-reset" },
      cause: original,
    });
  });

  it("GraphQL's RATE_LIMITED (HTTP 200) reads as a spent limit", async () => {
    nock(API)
      .post("/graphql")
      .reply(200, { errors: [{ type: "RATE_LIMITED", message: "API rate limit exceeded" }] }, { "x-ratelimit-remaining": "0", "x-ratelimit-reset": String(RESET) });
    const error = asGithubRetryError(await thrown(() => testOctokit().graphql("query { viewer { login } }")), NOW);
    expect((error as Error).message).toBe("GitHub rate limit exhausted (GraphQL RATE_LIMITED)");
    expect(error).toMatchObject({ retryHint: { at: new Date(RESET * 1000), source: "x-ratelimit-reset" } });
  });

  it("a 5xx with retry-after waits that long; without it, the error is left to the normal back-off", async () => {
    nock(API).get(`/orgs/${ORG}/members`).reply(502, { message: "Bad Gateway" }, { "retry-after": "30" });
    expect(asGithubRetryError(await members(), NOW)).toMatchObject({
      message: `GitHub answered 502 on GET /orgs/${ORG}/members (retry-after: 30)`,
      retryHint: { at: new Date(NOW.getTime() + 30_000), source: "retry-after" },
    });
    nock(API).get(`/orgs/${ORG}/members`).reply(500, { message: "Server Error" });
    const plain = await members();
    expect(asGithubRetryError(plain, NOW)).toBe(plain);
  });

  it("a 403 that is a refusal is not a rate limit", async () => {
    nock(API).get(`/orgs/${ORG}/members`).reply(403, { message: "Resource not accessible by integration" }, { "x-ratelimit-remaining": "4999", "x-ratelimit-reset": String(RESET) });
    const refusal = await members();
    expect(asGithubRetryError(refusal, NOW)).toBe(refusal);
  });
});
