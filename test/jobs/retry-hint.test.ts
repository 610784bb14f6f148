import { describe, expect, it } from "vitest";
import { MAX_RETRY_AFTER_MS, parseRetryAfter, planRetry, readRetryHeaders, RetryAfterError, retryHintOf } from "../../src/jobs/retry-hint.js";

const NOW = new Date("2026-11-29T05:00:00.000Z");
const at = (iso: string) => new Date(iso);

describe("readRetryHeaders", () => {
  it.each([
    ["429 with retry-after seconds", 429, { "retry-after": "120" }, { at: at("2026-11-29T05:02:00.000Z"), source: "retry-after" }],
    ["503 with retry-after as an HTTP date", 503, { "retry-after": "Sun, 29 Nov 2026 05:30:00 GMT" }, { at: at("2026-11-29T05:30:00.000Z"), source: "retry-after" }],
    ["403 with the rate limit spent", 403, { "x-ratelimit-remaining": "0", "x-ratelimit-reset": "1795929600" }, { at: new Date(1795929600 * 1000), source: "x-ratelimit-reset" }],
    ["429 with the rate limit spent", 429, { "x-ratelimit-remaining": "0", "x-ratelimit-reset": "1795929600" }, { at: new Date(1795929600 * 1000), source: "x-ratelimit-reset" }],
    ["403 secondary limit: retry-after wins over the reset", 403, { "retry-after": "60", "x-ratelimit-remaining": "0", "x-ratelimit-reset": "1795929600" }, { at: at("2026-11-29T05:01:00.000Z"), source: "retry-after" }],
    ["array-valued header", 503, { "retry-after": ["30"] }, { at: at("2026-11-29T05:00:30.000Z"), source: "retry-after" }],
  ])("%s", (_name, status, headers, expected) => {
    expect(readRetryHeaders(status, headers, NOW)).toEqual(expected);
  });

  it.each([
    ["5xx without headers: the normal back-off", 502, {}],
    ["403 refusal with remaining requests", 403, { "x-ratelimit-remaining": "4999", "x-ratelimit-reset": "1795929600" }],
    ["429 without any usable header", 429, { "retry-after": "soon" }],
    ["a reset that is not epoch seconds", 403, { "x-ratelimit-remaining": "0", "x-ratelimit-reset": "tomorrow" }],
    ["404 with retry-after", 404, { "retry-after": "10" }],
  ])("none for %s", (_name, status, headers) => {
    expect(readRetryHeaders(status, headers as Record<string, string>, NOW)).toBeNull();
  });

  it("refuses dates that are bare numbers with signs or fractions", () => {
    expect(parseRetryAfter("-5", NOW)).toBeNull();
    expect(parseRetryAfter("1.5", NOW)).toBeNull();
  });
});

describe("planRetry", () => {
  const hint = { at: at("2026-11-29T05:40:00.000Z"), source: "x-ratelimit-reset" as const };

  it("follows the header when it is later than the back-off", () => {
    expect(planRetry(hint, at("2026-11-29T05:05:00.000Z"), NOW)).toEqual({
      at: hint.at,
      note: "retrying at 2026-11-29T05:40:00.000Z (x-ratelimit-reset)",
    });
  });

  it("keeps the back-off when that is later", () => {
    const plan = planRetry({ at: at("2026-11-29T05:00:10.000Z"), source: "retry-after" }, at("2026-11-29T05:05:00.000Z"), NOW);
    expect(plan.at).toEqual(at("2026-11-29T05:05:00.000Z"));
    expect(plan.note).toBe("retrying at 2026-11-29T05:05:00.000Z (the normal back-off, later than retry-after said 2026-11-29T05:00:10.000Z)");
  });

  it("waits at most MAX_RETRY_AFTER_MS, saying what the header asked", () => {
    const plan = planRetry({ at: at("2026-12-25T00:00:00.000Z"), source: "retry-after" }, at("2026-11-29T05:05:00.000Z"), NOW);
    expect(plan.at.getTime()).toBe(NOW.getTime() + MAX_RETRY_AFTER_MS);
    expect(plan.note).toMatch(/^retrying at 2026-11-29T11:00:00.000Z \(at most 6 h ahead; retry-after said 2026-12-25T00:00:00.000Z\)$/);
  });
});

describe("retryHintOf", () => {
  it("finds the hint on the error or a cause, and nothing on plain errors", () => {
    const hint = { at: NOW, source: "retry-after" as const };
    const error = new RetryAfterError("GitHub rate limit exhausted", hint);
    expect(retryHintOf(error)).toBe(hint);
    expect(retryHintOf(new Error("wrapped", { cause: error }))).toBe(hint);
    expect(retryHintOf(new Error("connection reset"))).toBeNull();
    expect(retryHintOf("text")).toBeNull();
  });
});
