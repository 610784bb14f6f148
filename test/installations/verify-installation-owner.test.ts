import nock from "nock";
import { afterEach, beforeEach, expect, it } from "vitest";
import { verifyInstallationOwner } from "../../src/installations/verify-installation-owner.js";
import { installationOctokit, isolateNetwork, mockMembership, restoreNetwork, type MembershipReply } from "../github/github-nock.js";
import { describeEachDatabase } from "../support/test-database.js";
import { seedInstallation } from "./seed.js";

const now = new Date("2026-11-29T02:00:00Z");

describeEachDatabase("verifyInstallationOwner", (db) => {
  beforeEach(isolateNetwork);
  afterEach(() => {
    expect(nock.pendingMocks()).toEqual([]);
    restoreNetwork();
  });

  const verifyWith = async (reply: MembershipReply) => {
    const pending = await seedInstallation(db(), { verification: "pending" });
    mockMembership("acme-corp", "octo-owner", reply);
    return (await verifyInstallationOwner(installationOctokit(), db(), pending, now)).installation;
  };

  it("verifies an active owner and records it in the audit trail", async () => {
    const row = await verifyWith({ role: "admin", state: "active" });
    expect(row).toMatchObject({ verification: "verified", verificationError: null, verifiedAt: now });
    expect(await db().prisma.auditEntry.findMany({ select: { actor: true, action: true, target: true } })).toEqual([
      { actor: "github", action: "installation.verified", target: "acme-corp" },
    ]);
  });

  it("leaves a member unverified with the reason", async () => {
    const row = await verifyWith({ role: "member", state: "active" });
    expect(row).toMatchObject({ verification: "unverified", verifiedAt: null });
    expect(row.verificationError).toBe("octo-owner is a member of acme-corp, not an owner; only an owner's installation is synced");
  });

  it("leaves a billing manager unverified", async () => {
    const row = await verifyWith({ role: "billing_manager", state: "active" });
    expect(row.verification).toBe("unverified");
    expect(row.verificationError).toContain("billing manager");
  });

  it("leaves an owner whose membership is pending unverified", async () => {
    const row = await verifyWith({ role: "admin", state: "pending" });
    expect(row.verification).toBe("unverified");
    expect(row.verificationError).toContain("membership of acme-corp is pending");
  });

  it("keeps the installation pending with the reason when GitHub fails, and writes no verdict", async () => {
    const row = await verifyWith({ status: 500, message: "Internal Server Error" });
    expect(row).toMatchObject({ verification: "pending", verifiedAt: null });
    expect(row.verificationError).toMatch(/^owner check failed and will be retried: .*HTTP 500/);
    expect(await db().prisma.auditEntry.count()).toBe(0);
  });

  it("does not overwrite an uninstall that arrived during the check", async () => {
    const pending = await seedInstallation(db(), { verification: "pending" });
    mockMembership("acme-corp", "octo-owner", { role: "admin", state: "active" });
    await db().prisma.installation.update({ where: { id: pending.id }, data: { verification: "deleted", deletedAt: now } });
    const { installation } = await verifyInstallationOwner(installationOctokit(), db(), pending, now);
    expect(installation.verification).toBe("deleted");
  });
});
