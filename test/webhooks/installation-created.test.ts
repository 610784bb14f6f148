import nock from "nock";
import type { Probot } from "probot";
import { afterEach, beforeEach, expect, it } from "vitest";
import { loadSettings } from "../../src/settings/load-settings.js";
import { isolateNetwork, mockInstallationToken, mockMembership, mockSettingsFile, restoreNetwork, type MembershipReply } from "../github/github-nock.js";
import { captureLog, testDependencies } from "../support/test-app.js";
import { describeEachDatabase } from "../support/test-database.js";
import { createWebhookProbot, deliver, deliveryId, fixture } from "./deliver.js";

describeEachDatabase("installation.created", (db) => {
  let probot: Probot;
  let logLines: string[];

  beforeEach(async () => {
    isolateNetwork();
    const { log, lines } = captureLog();
    logLines = lines;
    probot = await createWebhookProbot(await testDependencies(db()), log);
  });
  afterEach(() => {
    expect(nock.pendingMocks()).toEqual([]);
    restoreNetwork();
  });

  const installAs = async (reply: MembershipReply) => {
    mockInstallationToken(957387);
    mockMembership("acme-corp", "octo-owner", reply);
    return deliver(probot, "installation", fixture("installation", "created"));
  };

  it("verifies an install by an active owner and reads the settings file", async () => {
    mockSettingsFile("acme-corp", "seats: 120\n");
    const id = await installAs({ role: "admin", state: "active" });
    const row = await db().prisma.installation.findUniqueOrThrow({ where: { githubInstallationId: 957387n } });
    expect(row).toMatchObject({ login: "acme-corp", accountType: "Organization", verification: "verified", installedBy: "octo-owner" });
    expect(row.accountId).toBe(38302899n);
    expect(await loadSettings(db(), row.id)).toMatchObject({ seats: 120 });
    expect(await db().prisma.webhookDelivery.findUniqueOrThrow({ where: { id } })).toMatchObject({
      event: "installation",
      action: "created",
      outcome: "verified; settings file applied",
      finishedAt: expect.any(Date),
    });
  });

  it("still verifies when the settings file cannot be read; the defaults stay in force", async () => {
    nock("https://api.github.com").get(/\/contents\//).reply(500, { message: "boom" });
    await installAs({ role: "admin", state: "active" });
    const row = await db().prisma.installation.findFirstOrThrow();
    expect(row.verification).toBe("verified");
    expect((await loadSettings(db(), row.id)).source).toEqual({ kind: "defaults" });
  });

  it("records a member's install as unverified with the reason", async () => {
    await installAs({ role: "member", state: "active" });
    const row = await db().prisma.installation.findFirstOrThrow();
    expect(row.verification).toBe("unverified");
    expect(row.verificationError).toBe("octo-owner is a member of acme-corp, not an owner; only an owner's installation is synced");
  });

  it("records a billing manager's install as unverified", async () => {
    await installAs({ role: "billing_manager", state: "active" });
    expect(await db().prisma.installation.findFirstOrThrow()).toMatchObject({
      verification: "unverified",
      verificationError: expect.stringContaining("octo-owner is a billing manager of acme-corp"),
    });
  });

  it("records an install by an owner whose membership is still pending as unverified", async () => {
    await installAs({ role: "admin", state: "pending" });
    expect(await db().prisma.installation.findFirstOrThrow()).toMatchObject({
      verification: "unverified",
      verificationError: expect.stringContaining("membership of acme-corp is pending"),
    });
  });

  it("records an install on a personal account as unverified without asking GitHub", async () => {
    await deliver(probot, "installation", fixture("installation", "created.user-account"));
    expect(await db().prisma.installation.findFirstOrThrow()).toMatchObject({
      login: "octo-owner",
      accountType: "User",
      verification: "unverified",
      verificationError: "installed on the personal account octo-owner; only organizations are synced",
    });
    const entries = await db().prisma.auditEntry.findMany();
    expect(entries.map((e) => [e.action, e.actor, e.target, e.details])).toEqual([
      [
        "installation.created",
        "octo-owner",
        "octo-owner",
        { installed_by: "octo-owner", account_type: "User", refused: "installed on the personal account octo-owner; only organizations are synced" },
      ],
    ]);
  });

  it("keeps the install pending when GitHub answers 5xx, fails the delivery, and processes its redelivery", async () => {
    const id = deliveryId();
    mockInstallationToken(957387);
    mockMembership("acme-corp", "octo-owner", { status: 502, message: "Bad Gateway" });
    const failure = await deliver(probot, "installation", fixture("installation", "created"), id).then(
      () => undefined,
      (error: unknown) => error as AggregateError,
    );
    // The webhook's answer names the delivery; the cause stays with the error (and goes to the log).
    expect(failure?.message).toBe(`installation.created delivery ${id} failed; the app's log has the cause`);
    expect(((failure?.errors[0] as Error).cause as Error).message).toMatch(/owner check of acme-corp is pending/);
    expect(await db().prisma.installation.findFirstOrThrow()).toMatchObject({
      verification: "pending",
      verificationError: expect.stringMatching(/^owner check failed and will be retried: .*502/),
    });
    // The claim was released, so GitHub's redelivery of the same id is processed.
    expect(await db().prisma.webhookDelivery.count()).toBe(0);

    mockMembership("acme-corp", "octo-owner", { role: "admin", state: "active" });
    mockSettingsFile("acme-corp", null);
    await deliver(probot, "installation", fixture("installation", "created"), id);
    expect((await db().prisma.installation.findFirstOrThrow()).verification).toBe("verified");
    // The redelivery records the verification, not a second installation.
    const entries = await db().prisma.auditEntry.findMany({ orderBy: { id: "asc" } });
    expect(entries.map((e) => [e.action, e.actor])).toEqual([
      ["installation.created", "octo-owner"],
      ["installation.verified", "github"],
    ]);
    expect(logLines.join("")).not.toContain("ghs_");
  });
});
