import type { GhesServer } from "@prisma/client";
import { describe, expect, it } from "vitest";
import { toServerView } from "../../src/servers/server-view.js";

const base: GhesServer = {
  id: "3f1c6a4e-0000-4000-8000-000000000001",
  installationId: 1,
  hostname: "ghes.example.com",
  apiUrl: "https://ghes.example.com/api/v3",
  version: "3.15.0",
  licenseSync: "enabled",
  tokenSealed: "v1.sealed.value",
  tokenLogin: "ghes-admin",
  registeredBy: "octo-owner",
  pausedReason: null,
  license: null,
  currentSnapshotId: null,
  lastSyncAt: null,
  lastSyncStatus: null,
  lastSyncError: null,
  lastSyncSource: null,
  consecutiveFailures: 0,
  createdAt: new Date("2026-11-01T00:00:00Z"),
  updatedAt: new Date("2026-11-01T00:00:00Z"),
};

describe("toServerView", () => {
  it("shows the contract's fields, never the sealed token", () => {
    const view = toServerView(base);
    expect(view).toEqual({
      id: base.id,
      hostname: "ghes.example.com",
      api_url: "https://ghes.example.com/api/v3",
      version: "3.15.0",
      license_sync: "enabled",
      mode: "api",
      registered_by: "octo-owner",
      created_at: "2026-11-01T00:00:00.000Z",
      last_sync: { date: null, error: "" },
    });
    expect(JSON.stringify(view)).not.toContain("sealed");
  });

  it("says upload-only without a token, and reports the last sync's outcome", () => {
    expect(toServerView({ ...base, tokenSealed: null }).mode).toBe("upload-only");
    const failed = toServerView({ ...base, lastSyncAt: new Date("2026-11-02T03:00:00Z"), lastSyncStatus: "failed", lastSyncError: "HTTP 502" });
    expect(failed.last_sync).toEqual({ date: "2026-11-02T03:00:00.000Z", status: "failed", error: "HTTP 502" });
    const ok = toServerView({ ...base, lastSyncAt: new Date("2026-11-03T03:00:00Z"), lastSyncStatus: "success", lastSyncError: "stale" });
    expect(ok.last_sync).toEqual({ date: "2026-11-03T03:00:00.000Z", status: "success", error: "" });
  });
});
