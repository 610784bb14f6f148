// What GitHub tells the app (webhooks) leaves the audit trail too: through an installation's life,
// each audited change is exactly one entry, by "github" — or, for a settings file, by the person
// who pushed it — with no request id or client address (no API call made it) and no secret.
import nock from "nock";
import { expect, it } from "vitest";
import { GITHUB_API, INSTALLATION_TOKEN, mockInstallationToken, mockMembership, mockSettingsFile } from "../github/github-nock.js";
import { TEST_WEBHOOK_SECRET } from "../support/test-app.js";
import { describeEachDatabase } from "../support/test-database.js";
import { deliver, fixture, useWebhookProbot } from "../webhooks/deliver.js";

const FIRST = "1111111111111111111111111111111111111111";
const SECOND = "2222222222222222222222222222222222222222";

describeEachDatabase("audit trail of GitHub's events", (db) => {
  const { probot } = useWebhookProbot(db);

  const pushSettings = async (sha: string, yaml: string, pusher: string) => {
    const push = fixture("push", "settings-changed");
    mockSettingsFile("acme-corp", yaml, sha);
    nock(GITHUB_API).post("/repos/acme-corp/.github/check-runs").reply(201, { id: 1 });
    await deliver(probot(), "push", { ...push, after: sha, sender: { ...push.sender, login: pusher } });
  };

  it("records each change once, with the right actor, from install to uninstall", async () => {
    mockInstallationToken(957387);
    mockMembership("acme-corp", "octo-owner", { role: "admin", state: "active" });
    mockSettingsFile("acme-corp", null);
    await deliver(probot(), "installation", fixture("installation", "created"));
    await pushSettings(FIRST, "seats: 50\n", "octo-owner");
    await pushSettings(SECOND, "seats: -1\n", "hubot-admin");
    await deliver(probot(), "installation", fixture("installation", "suspend"));
    await deliver(probot(), "installation", fixture("installation", "unsuspend"));
    await deliver(probot(), "installation_target", fixture("installation_target", "renamed"));
    await deliver(probot(), "installation", fixture("installation", "deleted"));

    const entries = await db().prisma.auditEntry.findMany({ orderBy: { id: "asc" } });
    expect(entries.map((e) => [e.action, e.actor, e.target])).toEqual([
      ["installation.created", "octo-owner", "acme-corp"],
      ["installation.verified", "github", "acme-corp"],
      ["settings.accepted", "octo-owner", `acme-corp/.github@${FIRST}`],
      ["settings.rejected", "hubot-admin", `acme-corp/.github@${SECOND}`],
      ["installation.suspended", "github", "acme-corp"],
      ["installation.unsuspended", "github", "acme-corp"],
      ["installation.renamed", "github", "acme-renamed"],
      ["installation.deleted", "github", "acme-renamed"],
    ]);
    for (const entry of entries) expect([entry.requestId, entry.clientIp]).toEqual([null, null]);
    const stored = JSON.stringify(entries, (_key, value: unknown) => (typeof value === "bigint" ? value.toString() : value));
    expect(stored).not.toContain(INSTALLATION_TOKEN);
    expect(stored).not.toContain(TEST_WEBHOOK_SECRET);
    expect(stored).not.toContain("seats: -1");
  });
});
