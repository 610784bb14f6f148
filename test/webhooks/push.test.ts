import nock from "nock";
import { expect, it } from "vitest";
import { createMetrics } from "../../src/metrics/create-metrics.js";
import { loadSettings } from "../../src/settings/load-settings.js";
import { GITHUB_API, mockInstallationToken, mockSettingsFile } from "../github/github-nock.js";
import { seedInstallation } from "../installations/seed.js";
import { captureLog, testDependencies } from "../support/test-app.js";
import { describeEachDatabase } from "../support/test-database.js";
import { createWebhookProbot, deliver, fixture, useWebhookProbot } from "./deliver.js";

type CheckRunBody = { name: string; head_sha: string; conclusion: string; output: { title: string; summary: string } };

function captureCheckRun(): () => CheckRunBody {
  let body: CheckRunBody | undefined;
  nock(GITHUB_API)
    .post("/repos/acme-corp/.github/check-runs", (b: CheckRunBody) => {
      body = b;
      return true;
    })
    .reply(201, { id: 1, html_url: "https://github.com/acme-corp/.github/runs/1" });
  return () => body!;
}

describeEachDatabase("push", (db) => {
  const { probot } = useWebhookProbot(db);
  const push = fixture("push", "settings-changed");
  const sha = push.after as string;

  it("applies a valid settings file and reports success on the pushed commit", async () => {
    const installation = await seedInstallation(db());
    mockInstallationToken(957387);
    mockSettingsFile("acme-corp", "seats: 800\nalerts:\n  seat_threshold: 0.95\n", sha);
    const checkRun = captureCheckRun();
    await deliver(probot(), "push", push);
    expect(checkRun()).toMatchObject({ name: "license-sync settings", head_sha: sha, conclusion: "success" });
    expect(await loadSettings(db(), installation.id)).toMatchObject({ seats: 800, alerts: { seat_threshold: 0.95 }, source: { sha } });
    // Exactly one entry, by the person who pushed (the payload's sender), never "github".
    expect(await db().prisma.auditEntry.findMany({ select: { installationId: true, actor: true, action: true, target: true } })).toEqual([
      { installationId: installation.id, actor: push.sender.login, action: "settings.accepted", target: `acme-corp/.github@${sha}` },
    ]);
    expect(push.sender.login).toBe("octo-owner");
  });

  it("refuses an invalid file with every error and its path, keeping the last valid settings", async () => {
    const installation = await seedInstallation(db());
    await db().prisma.settings.create({ data: { installationId: installation.id, config: { seats: 100 }, sourceSha: "previous" } });
    mockInstallationToken(957387);
    mockSettingsFile("acme-corp", "alerts:\n  seat_threshold: 1.2\n  failed_syncs: 0\nretention_days: forever\n", sha);
    const checkRun = captureCheckRun();
    await deliver(probot(), "push", push);
    expect(checkRun().conclusion).toBe("failure");
    expect(checkRun().output.summary.split("\n").filter((line) => line.startsWith("- "))).toEqual([
      "- alerts.seat_threshold: must be between 0 and 1",
      "- alerts.failed_syncs: must be a whole number, at least 1",
      "- retention_days: must be a whole number of days, at least 1",
    ]);
    expect(await loadSettings(db(), installation.id)).toMatchObject({ seats: 100, source: { sha: "previous" } });
    expect(await db().prisma.settings.findFirstOrThrow()).toMatchObject({ rejectedSha: sha, rejectedErrors: expect.any(Array) });
    expect(await db().prisma.auditEntry.findMany({ select: { actor: true, action: true, target: true, details: true } })).toEqual([
      {
        actor: "octo-owner",
        action: "settings.rejected",
        target: `acme-corp/.github@${sha}`,
        details: { file: ".github/license-sync.yml", commit: sha, error_paths: ["alerts.seat_threshold", "alerts.failed_syncs", "retention_days"] },
      },
    ]);
  });

  it("names whoever pushed, not the installer, and records a redelivered push once", async () => {
    const installation = await seedInstallation(db());
    const byMona = { ...push, sender: { ...push.sender, login: "mona-member", id: 2001 }, pusher: { name: "mona-member", email: "mona@example.com" } };
    mockInstallationToken(957387);
    mockSettingsFile("acme-corp", "seats: none\n", sha);
    captureCheckRun();
    const id = await deliver(probot(), "push", byMona);
    await deliver(probot(), "push", byMona, id);
    expect(await db().prisma.auditEntry.findMany({ select: { installationId: true, actor: true, action: true } })).toEqual([
      { installationId: installation.id, actor: "mona-member", action: "settings.rejected" },
    ]);
    // A push that touches the settings file is claimed by its delivery id, unlike one that does not.
    expect(await db().prisma.webhookDelivery.findMany({ select: { id: true, event: true, outcome: true } })).toEqual([{ id, event: "push", outcome: "settings rejected (1 errors)" }]);
  });

  it("ignores a push that does not touch the settings file, asking GitHub nothing and storing nothing, not even the delivery id", async () => {
    await seedInstallation(db());
    const metrics = createMetrics(db());
    const { log, lines } = captureLog();
    const app = await createWebhookProbot(await testDependencies(db(), { metrics }), log);
    const other = fixture("push", "settings-changed");
    other.commits = [{ ...other.commits[0], modified: ["README.md"] }];
    other.head_commit = other.commits[0];
    const id = await deliver(app, "push", other);
    // Its redelivery does nothing either, so there is nothing to de-duplicate.
    await deliver(app, "push", other, id);
    expect(await db().prisma.webhookDelivery.count()).toBe(0);
    expect(await db().prisma.settings.count()).toBe(0);
    expect(await db().prisma.auditEntry.count()).toBe(0);
    expect((await metrics.webhookDeliveries.get()).values).toEqual([{ labels: { event: "push", outcome: "processed" }, value: 2 }]);
    const logged = lines.map((line) => JSON.parse(line) as { level: number; msg: string; delivery?: string; outcome?: string }).filter((line) => line.delivery === id);
    expect(logged).toEqual([
      expect.objectContaining({ level: 20, msg: "push: ignored: settings file unchanged", outcome: "ignored: settings file unchanged" }),
      expect.objectContaining({ level: 20, msg: "push: ignored: settings file unchanged" }),
    ]);
  });

  it("ignores a push to another branch", async () => {
    await seedInstallation(db());
    await deliver(probot(), "push", { ...fixture("push", "settings-changed"), ref: "refs/heads/try-settings" });
    expect(await db().prisma.settings.count()).toBe(0);
  });

  it("fails the delivery when GitHub cannot give the file, leaving the settings as they were", async () => {
    const installation = await seedInstallation(db());
    mockInstallationToken(957387);
    nock(GITHUB_API).get(/\/repos\/acme-corp\/\.github\/contents\//).reply(500, { message: "boom" });
    await expect(deliver(probot(), "push", push)).rejects.toThrow();
    expect((await loadSettings(db(), installation.id)).source).toEqual({ kind: "defaults" });
    expect(await db().prisma.webhookDelivery.count()).toBe(0);
    expect(await db().prisma.auditEntry.count()).toBe(0);
  });
});
