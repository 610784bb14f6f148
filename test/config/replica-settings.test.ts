// The replica settings of issue 7: APP_ROLE, SHUTDOWN_GRACE_SECONDS and the test rigs' JOB_SETTINGS,
// each refused with a message naming the variable (and the key) that is wrong.
import { describe, expect, it } from "vitest";
import { DEFAULT_SHUTDOWN_GRACE_SECONDS, loadConfig } from "../../src/config/env.js";
import { configProblems } from "./config-problems.js";


describe("APP_ROLE", () => {
  it("defaults to all, reads web and worker, and refuses anything else by name", () => {
    expect(loadConfig({}).role).toBe("all");
    expect(loadConfig({ APP_ROLE: "" }).role).toBe("all");
    expect(loadConfig({ APP_ROLE: " web " }).role).toBe("web");
    expect(loadConfig({ APP_ROLE: "worker" }).role).toBe("worker");
    expect(loadConfig({ APP_ROLE: "all" }).role).toBe("all");
    expect(configProblems({ APP_ROLE: "scheduler" })).toEqual(["APP_ROLE: must be web, worker or all"]);
    expect(configProblems({ APP_ROLE: "Web" })).toEqual(["APP_ROLE: must be web, worker or all"]);
  });
});

describe("SHUTDOWN_GRACE_SECONDS", () => {
  it("defaults under Kubernetes' 30 s and takes whole seconds", () => {
    expect(loadConfig({}).shutdownGraceSeconds).toBe(DEFAULT_SHUTDOWN_GRACE_SECONDS);
    expect(DEFAULT_SHUTDOWN_GRACE_SECONDS + 5 + 5).toBeLessThanOrEqual(30);
    expect(loadConfig({ SHUTDOWN_GRACE_SECONDS: "3" }).shutdownGraceSeconds).toBe(3);
    expect(configProblems({ SHUTDOWN_GRACE_SECONDS: "ten" })).toEqual(["SHUTDOWN_GRACE_SECONDS: must be a whole number of seconds"]);
    expect(configProblems({ SHUTDOWN_GRACE_SECONDS: "-1" })).toEqual(["SHUTDOWN_GRACE_SECONDS: must be a whole number of seconds"]);
  });
});

describe("JOB_SETTINGS", () => {
  it("is empty by default and passes known keys through", () => {
    expect(loadConfig({}).jobSettings).toEqual({});
    const text = JSON.stringify({ pollingIntervalSeconds: 0.5, spreadSeconds: 0, retry: { limit: 2, delaySeconds: 1, backoff: false } });
    expect(loadConfig({ JOB_SETTINGS: text }).jobSettings).toEqual({
      pollingIntervalSeconds: 0.5,
      spreadSeconds: 0,
      retry: { limit: 2, delaySeconds: 1, backoff: false },
    });
  });

  it("names the key that is wrong, and refuses what is not JSON", () => {
    expect(configProblems({ JOB_SETTINGS: "fast" })).toEqual([`JOB_SETTINGS: must be a JSON object such as {"pollingIntervalSeconds":1,"spreadSeconds":0}`]);
    expect(configProblems({ JOB_SETTINGS: `{"spreadSecond":0}` })).toEqual(["JOB_SETTINGS: unknown key spreadSecond"]);
    expect(configProblems({ JOB_SETTINGS: `{"spreadSeconds":-1}` })[0]).toMatch(/^JOB_SETTINGS: spreadSeconds: /);
    expect(configProblems({ JOB_SETTINGS: `{"retry":{"limit":1}}` })[0]).toMatch(/^JOB_SETTINGS: retry\.delaySeconds: /);
    expect(configProblems({ JOB_SETTINGS: `[1]` })[0]).toMatch(/^JOB_SETTINGS: /);
  });

  it("is reported together with the other problems", () => {
    expect(configProblems({ APP_ROLE: "x", JOB_SETTINGS: "{" })).toEqual([
      "APP_ROLE: must be web, worker or all",
      `JOB_SETTINGS: must be a JSON object such as {"pollingIntervalSeconds":1,"spreadSeconds":0}`,
    ]);
  });
});
