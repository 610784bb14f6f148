import { expect, it } from "vitest";
import { loadSettings } from "../../src/settings/load-settings.js";
import { mockInstallationToken, mockMembership, mockSettingsFile } from "../github/github-nock.js";
import { seedInstallation } from "../installations/seed.js";
import { describeEachDatabase } from "../support/test-database.js";
import { deliver, fixture, useWebhookProbot } from "./deliver.js";

describeEachDatabase("installation.new_permissions_accepted", (db) => {
  const { probot } = useWebhookProbot(db);

  it("reads the settings file again from the default branch", async () => {
    const installation = await seedInstallation(db());
    mockInstallationToken(957387);
    mockSettingsFile("acme-corp", "retention_days: 60\n");
    await deliver(probot(), "installation", fixture("installation", "new_permissions_accepted"));
    expect(await loadSettings(db(), installation.id)).toMatchObject({ retention_days: 60, source: { kind: "file", sha: null } });
  });

  it("keeps the settings in force when the file on the default branch is invalid", async () => {
    const installation = await seedInstallation(db());
    await db().prisma.settings.create({ data: { installationId: installation.id, config: { retention_days: 90 }, sourceSha: "good" } });
    mockInstallationToken(957387);
    mockSettingsFile("acme-corp", "retention_days: -1\n");
    await deliver(probot(), "installation", fixture("installation", "new_permissions_accepted"));
    expect(await loadSettings(db(), installation.id)).toMatchObject({ retention_days: 90, source: { sha: "good" } });
    expect(await db().prisma.settings.findFirstOrThrow()).toMatchObject({ rejectedErrors: [{ path: "retention_days" }] });
  });

  it("tries a pending owner check again, now that the app may read the members", async () => {
    const installation = await seedInstallation(db(), {
      verification: "pending",
      verificationError: "owner check failed and will be retried: GitHub refused to show octo-owner's membership of acme-corp (403)",
    });
    mockInstallationToken(957387);
    mockMembership("acme-corp", "octo-owner", { role: "admin", state: "active" });
    mockSettingsFile("acme-corp", null);
    await deliver(probot(), "installation", fixture("installation", "new_permissions_accepted"));
    expect(await db().prisma.installation.findUniqueOrThrow({ where: { id: installation.id } })).toMatchObject({
      verification: "verified",
      verificationError: null,
    });
  });
});
