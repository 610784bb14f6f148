import { expect, it } from "vitest";
import { loadSettings } from "../../src/settings/load-settings.js";
import { DEFAULT_SETTINGS } from "../../src/settings/settings-schema.js";
import { acceptSettings, rejectSettings } from "../../src/settings/store-settings.js";
import { seedInstallation } from "../installations/seed.js";
import { describeEachDatabase } from "../support/test-database.js";

const at = new Date("2026-11-29T01:00:00Z");

describeEachDatabase("loadSettings", (db) => {
  it("gives the defaults when no file was ever accepted", async () => {
    const installation = await seedInstallation(db());
    const settings = await loadSettings(db(), installation.id);
    expect(settings).toEqual({ ...DEFAULT_SETTINGS, source: { kind: "defaults" } });
  });

  it("gives the accepted settings with their commit", async () => {
    const installation = await seedInstallation(db());
    await acceptSettings(db(), installation.id, { ...DEFAULT_SETTINGS, seats: 250, retention_days: 30 }, "abc123", at);
    const settings = await loadSettings(db(), installation.id);
    expect(settings).toMatchObject({ seats: 250, retention_days: 30, source: { kind: "file", sha: "abc123", acceptedAt: at } });
  });

  it("keeps the settings in force when a later file is rejected, and records the rejection", async () => {
    const installation = await seedInstallation(db());
    await acceptSettings(db(), installation.id, { ...DEFAULT_SETTINGS, seats: 250 }, "good", at);
    const errors = [{ path: "alerts.seat_threshold", message: "must be between 0 and 1" }];
    await rejectSettings(db(), installation.id, errors, "bad", new Date("2026-11-29T02:00:00Z"));

    expect(await loadSettings(db(), installation.id)).toMatchObject({ seats: 250, source: { kind: "file", sha: "good" } });
    const row = await db().prisma.settings.findUniqueOrThrow({ where: { installationId: installation.id } });
    expect(row).toMatchObject({ sourceSha: "good", rejectedSha: "bad", rejectedErrors: errors });
  });

  it("keeps the defaults in force when the first file ever seen is rejected", async () => {
    const installation = await seedInstallation(db());
    await rejectSettings(db(), installation.id, [{ path: "seats", message: "m" }], "bad", at);
    expect(await loadSettings(db(), installation.id)).toMatchObject({ ...DEFAULT_SETTINGS });
  });

  it("clears the recorded rejection once a valid file replaces it", async () => {
    const installation = await seedInstallation(db());
    await rejectSettings(db(), installation.id, [{ path: "seats", message: "m" }], "bad", at);
    await acceptSettings(db(), installation.id, { ...DEFAULT_SETTINGS, seats: 9 }, "fixed", at);
    const row = await db().prisma.settings.findUniqueOrThrow({ where: { installationId: installation.id } });
    expect(row).toMatchObject({ sourceSha: "fixed", rejectedSha: null, rejectedErrors: null, rejectedAt: null });
  });

  it("fills defaults added since the settings were stored", async () => {
    const installation = await seedInstallation(db());
    await db().prisma.settings.create({ data: { installationId: installation.id, config: { seats: 10 } } });
    expect(await loadSettings(db(), installation.id)).toMatchObject({ seats: 10, retention_days: 400, alerts: { failed_syncs: 2 } });
  });
});
