import nock from "nock";
import { afterEach, beforeEach, expect, it } from "vitest";
import { reverifyPendingInstallations } from "../../src/installations/reverify-pending-installations.js";
import { installationOctokit, isolateNetwork, mockMembership, restoreNetwork } from "../github/github-nock.js";
import { describeEachDatabase } from "../support/test-database.js";
import { seedInstallation } from "./seed.js";

const now = new Date("2026-11-29T03:00:00Z");

describeEachDatabase("reverifyPendingInstallations", (db) => {
  beforeEach(isolateNetwork);
  afterEach(() => {
    expect(nock.pendingMocks()).toEqual([]);
    restoreNetwork();
  });

  it("checks each pending installation again with its own Octokit", async () => {
    await seedInstallation(db(), { verification: "pending", verificationError: "owner check failed and will be retried: HTTP 502" });
    await seedInstallation(db(), { githubInstallationId: 2n, accountId: 2n, login: "beta-org", installedBy: "beta-member", verification: "pending" });
    await seedInstallation(db(), { githubInstallationId: 3n, accountId: 3n, login: "gamma-org", installedBy: "gamma-owner", verification: "pending" });
    await seedInstallation(db(), { githubInstallationId: 4n, accountId: 4n, login: "done-org", verification: "verified" });
    mockMembership("acme-corp", "octo-owner", { role: "admin", state: "active" });
    mockMembership("beta-org", "beta-member", { role: "member", state: "active" });
    mockMembership("gamma-org", "gamma-owner", { status: 503 });

    const asked: number[] = [];
    const summary = await reverifyPendingInstallations(
      async (id) => {
        asked.push(id);
        return installationOctokit();
      },
      db(),
      now,
    );
    expect(summary).toEqual({ verified: ["acme-corp"], unverified: ["beta-org"], stillPending: ["gamma-org"] });
    expect(asked).toEqual([957387, 2, 3]);
    const states = await db().prisma.installation.findMany({ orderBy: { id: "asc" }, select: { login: true, verification: true } });
    expect(states.map((s) => `${s.login}:${s.verification}`)).toEqual(["acme-corp:verified", "beta-org:unverified", "gamma-org:pending", "done-org:verified"]);
  });

  it("leaves an installation pending when no Octokit can be had for it", async () => {
    await seedInstallation(db(), { verification: "pending" });
    const summary = await reverifyPendingInstallations(async () => Promise.reject(new Error("installation token refused")), db(), now);
    expect(summary).toEqual({ verified: [], unverified: [], stillPending: ["acme-corp"] });
  });
});
