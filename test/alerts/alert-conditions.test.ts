import { describe, expect, it } from "vitest";
import { alertConditions, type AlertInputs } from "../../src/alerts/alert-conditions.js";

const base: AlertInputs = { org: "acme", consumed: 80, purchased: 100, servers: [] };
const thresholds = { seatThreshold: 0.9, failedSyncs: 2 };

describe("alertConditions", () => {
  it.each([
    [89, 100, false],
    [90, 100, true],
    [120, 100, true],
    [5, null, false],
    [5, 0, false],
  ])("%s consumed of %s purchased → seat alert %s", (consumed, purchased, expected) => {
    const keys = alertConditions({ ...base, consumed, purchased }, thresholds).map((a) => a.key);
    expect(keys.includes("seat_threshold")).toBe(expected);
  });

  it("names the numbers in the seat alert's title", () => {
    expect(alertConditions({ ...base, consumed: 93 }, thresholds)[0]!.title).toBe("license-sync: 93 of 100 licenses consumed (93%)");
  });

  it("raises one alert per server that failed the configured number of syncs in a row", () => {
    const servers = [
      { id: "a", hostname: "a.example.com", consecutiveFailures: 1, lastSyncError: "x" },
      { id: "b", hostname: "b.example.com", consecutiveFailures: 2, lastSyncError: "answered `500`" },
      { id: "c", hostname: "c.example.com", consecutiveFailures: 7, lastSyncError: null },
    ];
    const alerts = alertConditions({ ...base, servers }, thresholds);
    expect(alerts.map((a) => a.key)).toEqual(["failed_syncs:b", "failed_syncs:c"]);
    expect(alerts[0]!.title).toBe("license-sync: b.example.com failed 2 syncs in a row");
    expect(alerts[0]!.body).toContain("Last error: `answered '500'`");
    expect(alertConditions({ ...base, servers }, { ...thresholds, failedSyncs: 0 })).toEqual([]);
  });
});
