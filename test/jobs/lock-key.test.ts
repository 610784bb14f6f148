import { describe, expect, it } from "vitest";
import { lockKey } from "../../src/jobs/lock-key.js";

describe("lockKey", () => {
  it("derives a stable signed 64-bit key per name", () => {
    const key = lockKey("server:abc");
    expect(key).toBe(lockKey("server:abc"));
    expect(BigInt(key)).toBeGreaterThanOrEqual(-(2n ** 63n));
    expect(BigInt(key)).toBeLessThan(2n ** 63n);
  });

  it("gives different work different keys", () => {
    const keys = new Set(["server:1", "cloud:1", "recount:1", "server:2", "enqueue:server:1"].map(lockKey));
    expect(keys.size).toBe(5);
  });
});
