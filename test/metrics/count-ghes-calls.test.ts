import { Counter, Registry } from "prom-client";
import { describe, expect, it } from "vitest";
import type { GhesResponse, GhesTransport } from "../../src/ghes/ghes-transport.js";
import { countGhesCalls } from "../../src/metrics/count-ghes-calls.js";

describe("countGhesCalls", () => {
  it("counts each GHES call by status, and failures without an answer as errors", async () => {
    const registry = new Registry();
    const calls = new Counter({ name: "calls_total", help: "calls", labelNames: ["api", "status"] as const, registers: [registry] });
    let closed = false;
    const statuses = [200, 401];
    const inner: GhesTransport = {
      get: (url) => {
        if (url.includes("down")) return Promise.reject(new Error("connect ECONNREFUSED"));
        return Promise.resolve({ status: statuses.shift()! } as GhesResponse);
      },
      close: () => {
        closed = true;
      },
    };
    const transport = countGhesCalls(inner, calls);
    expect((await transport.get("https://ghes.example.com/api/v3/user")).status).toBe(200);
    expect((await transport.get("https://ghes.example.com/api/v3/user")).status).toBe(401);
    await expect(transport.get("https://down.example.com/api/v3/user")).rejects.toThrow("ECONNREFUSED");
    transport.close();
    expect(closed).toBe(true);
    const values = (await calls.get()).values.map((v) => [v.labels.status, v.value]);
    expect(values).toEqual([["200", 1], ["401", 1], ["error", 1]]);
  });
});
