import nock from "nock";
import { afterEach, beforeEach, expect, it } from "vitest";
import { checkSettingsPush } from "../../src/settings/check-settings-push.js";
import { loadSettings } from "../../src/settings/load-settings.js";
import { GITHUB_API, installationOctokit, isolateNetwork, mockSettingsFile, restoreNetwork } from "../github/github-nock.js";
import { seedInstallation } from "../installations/seed.js";
import { describeEachDatabase } from "../support/test-database.js";

const SHA = "6113728f27ae82c7b1a177c8d03f9e96e0adf246";
const now = new Date("2026-11-29T02:00:00Z");

type CheckRunBody = { conclusion: string; head_sha: string; output: { title: string; summary: string } };

function captureCheckRun(): { body: () => CheckRunBody } {
  let body: CheckRunBody | undefined;
  nock(GITHUB_API)
    .post("/repos/acme-corp/.github/check-runs", (b: CheckRunBody) => {
      body = b;
      return true;
    })
    .reply(201, { id: 7, html_url: null });
  return { body: () => body! };
}

describeEachDatabase("checkSettingsPush", (db) => {
  beforeEach(isolateNetwork);
  afterEach(() => {
    expect(nock.pendingMocks()).toEqual([]);
    restoreNetwork();
  });

  it("applies a valid file and reports success on the commit", async () => {
    const installation = await seedInstallation(db());
    mockSettingsFile("acme-corp", "seats: 300\nalerts:\n  seat_threshold: 0.8\n", SHA);
    const check = captureCheckRun();
    const outcome = await checkSettingsPush(installationOctokit(), db(), { installationId: installation.id, owner: "acme-corp", sha: SHA, now, pusher: "octo-owner" });
    expect(outcome.kind).toBe("accepted");
    expect(check.body()).toMatchObject({ conclusion: "success", head_sha: SHA });
    expect(await loadSettings(db(), installation.id)).toMatchObject({ seats: 300, alerts: { seat_threshold: 0.8 }, source: { sha: SHA } });
    expect(await db().prisma.auditEntry.findMany({ select: { actor: true, action: true, target: true, details: true } })).toEqual([
      { actor: "octo-owner", action: "settings.accepted", target: `acme-corp/.github@${SHA}`, details: { file: ".github/license-sync.yml", commit: SHA } },
    ]);
  });

  it("refuses an invalid file, lists its errors on the commit, and keeps the last valid settings", async () => {
    const installation = await seedInstallation(db());
    mockSettingsFile("acme-corp", "seats: 300\n", "first");
    captureCheckRun();
    await checkSettingsPush(installationOctokit(), db(), { installationId: installation.id, owner: "acme-corp", sha: "first", now, pusher: "octo-owner" });

    mockSettingsFile("acme-corp", "seats: 0\nalerts:\n  seat_threshold: 2\n", SHA);
    const check = captureCheckRun();
    const outcome = await checkSettingsPush(installationOctokit(), db(), { installationId: installation.id, owner: "acme-corp", sha: SHA, now, pusher: "octo-owner" });
    expect(outcome.kind).toBe("rejected");
    expect(check.body().conclusion).toBe("failure");
    expect(check.body().output.summary).toContain("- alerts.seat_threshold: must be between 0 and 1");
    expect(check.body().output.summary).toContain("- seats: must be a whole number of seats, at least 1");
    expect(await loadSettings(db(), installation.id)).toMatchObject({ seats: 300, source: { sha: "first" } });
    // One entry per push, each by its pusher; the rejection keeps the error paths, not the messages.
    const entries = await db().prisma.auditEntry.findMany({ orderBy: { id: "asc" }, select: { actor: true, action: true, target: true, details: true } });
    expect(entries.map((e) => [e.action, e.target])).toEqual([
      ["settings.accepted", "acme-corp/.github@first"],
      ["settings.rejected", `acme-corp/.github@${SHA}`],
    ]);
    expect(entries[1]).toMatchObject({ actor: "octo-owner", details: { commit: SHA, error_paths: ["seats", "alerts.seat_threshold"] } });
  });

  it("reports a file that is not YAML as a failure with its path", async () => {
    const installation = await seedInstallation(db());
    mockSettingsFile("acme-corp", "alerts: [unclosed\n", SHA);
    const check = captureCheckRun();
    await checkSettingsPush(installationOctokit(), db(), { installationId: installation.id, owner: "acme-corp", sha: SHA, now, pusher: "octo-owner" });
    expect(check.body().conclusion).toBe("failure");
    expect(check.body().output.summary).toMatch(/- \.github\/license-sync\.yml: is not valid YAML/);
    expect(await db().prisma.settings.findUniqueOrThrow({ where: { installationId: installation.id } })).toMatchObject({ rejectedSha: SHA });
    // The parse error quotes the file; the audit entry keeps only where the error is.
    const [entry, ...others] = await db().prisma.auditEntry.findMany();
    expect(others).toEqual([]);
    expect(entry).toMatchObject({ action: "settings.rejected", details: { error_paths: [".github/license-sync.yml"] } });
    expect(JSON.stringify(entry!.details)).not.toContain("unclosed");
  });

  it("checks the file of an organization the app has no record of, storing nothing", async () => {
    mockSettingsFile("acme-corp", "seats: 3\n", SHA);
    const check = captureCheckRun();
    await checkSettingsPush(installationOctokit(), db(), { installationId: null, owner: "acme-corp", sha: SHA, now, pusher: "octo-owner" });
    expect(check.body().conclusion).toBe("success");
    expect(await db().prisma.settings.count()).toBe(0);
    expect(await db().prisma.auditEntry.count()).toBe(0);
  });
});
