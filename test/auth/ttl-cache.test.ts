import { describe, expect, it } from "vitest";
import { TtlCache } from "../../src/auth/ttl-cache.js";

describe("TtlCache", () => {
  it("forgets entries once their time is up", () => {
    let now = 1_000;
    const cache = new TtlCache<string>(() => new Date(now));
    cache.set("a", "alpha", 500);
    now = 1_499;
    expect(cache.get("a")).toBe("alpha");
    now = 1_500;
    expect(cache.get("a")).toBeUndefined();
    expect(cache.size).toBe(0);
  });

  it("drops the oldest entry when full", () => {
    const cache = new TtlCache<number>(() => new Date(0), 2);
    cache.set("a", 1, 1_000);
    cache.set("b", 2, 1_000);
    cache.set("c", 3, 1_000);
    expect([cache.get("a"), cache.get("b"), cache.get("c")]).toEqual([undefined, 2, 3]);
  });

  it("deletes the entries a predicate picks", () => {
    const cache = new TtlCache<{ id: number }>(() => new Date(0));
    cache.set("x", { id: 1 }, 1_000);
    cache.set("y", { id: 2 }, 1_000);
    expect(cache.deleteWhere((_key, value) => value.id === 1)).toBe(1);
    expect(cache.get("x")).toBeUndefined();
    expect(cache.get("y")).toEqual({ id: 2 });
  });
});
