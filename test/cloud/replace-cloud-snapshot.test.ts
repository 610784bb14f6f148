import { expect, it } from "vitest";
import type { CloudPull } from "../../src/cloud/cloud-people.js";
import { replaceCloudSnapshot } from "../../src/cloud/replace-cloud-snapshot.js";
import { describeEachDatabase } from "../support/test-database.js";
import { seedInstallation } from "../sync/seed-rows.js";

const pull = (logins: string[], limitations = {}): CloudPull => ({
  people: [
    ...logins.map((login, i) => ({
      login,
      githubId: 9_000_000_000 + i,
      name: `N ${login}`,
      role: i === 0 ? ("owner" as const) : ("member" as const),
      publicEmail: null,
      verifiedDomainEmails: [`${login}@corp.example`, `${login}+"x"@corp.example`],
      invitationEmail: null,
      twoFactor: i % 2 === 0,
    })),
    { login: null, githubId: null, name: null, role: "pending_invitation", publicEmail: null, verifiedDomainEmails: [], invitationEmail: "inv@corp.example", twoFactor: null },
  ],
  identities: [{ login: logins[0] ?? null, samlNameId: "id@corp.example", samlUsername: null, scimUsername: "scim", emails: ["a@corp.example", "b@corp.example"] }],
  limitations,
});

describeEachDatabase("replaceCloudSnapshot", (db) => {
  it("stores people and identities and puts the snapshot in force", async () => {
    const installationId = await seedInstallation(db().prisma);
    const result = await replaceCloudSnapshot(db(), installationId, pull(["alice", "bob"], { saml: "not enabled" }), { runId: null });
    expect(result.previousSnapshotId).toBeNull();

    const installation = await db().prisma.installation.findUniqueOrThrow({ where: { id: installationId } });
    expect(installation.currentCloudSnapshotId).toBe(result.snapshotId);
    const snapshot = await db().prisma.cloudSnapshot.findUniqueOrThrow({
      where: { id: result.snapshotId },
      include: { members: { orderBy: { id: "asc" } }, identities: true },
    });
    expect(snapshot.limitations).toEqual({ saml: "not enabled" });
    expect(snapshot.memberCount).toBe(3);
    expect(snapshot.members.map((m) => ({ ...m, id: undefined, snapshotId: undefined }))).toEqual([
      { id: undefined, snapshotId: undefined, login: "alice", githubId: 9_000_000_000n, name: "N alice", role: "owner", publicEmail: null, verifiedDomainEmails: ["alice@corp.example", 'alice+"x"@corp.example'], invitationEmail: null, twoFactor: true },
      { id: undefined, snapshotId: undefined, login: "bob", githubId: 9_000_000_001n, name: "N bob", role: "member", publicEmail: null, verifiedDomainEmails: ["bob@corp.example", 'bob+"x"@corp.example'], invitationEmail: null, twoFactor: false },
      { id: undefined, snapshotId: undefined, login: null, githubId: null, name: null, role: "pending_invitation", publicEmail: null, verifiedDomainEmails: [], invitationEmail: "inv@corp.example", twoFactor: null },
    ]);
    expect(snapshot.identities).toEqual([
      expect.objectContaining({ login: "alice", samlNameId: "id@corp.example", scimUsername: "scim", emails: ["a@corp.example", "b@corp.example"] }),
    ]);
  });

  it("replaces the previous snapshot and deletes it with its rows", async () => {
    const installationId = await seedInstallation(db().prisma);
    const first = await replaceCloudSnapshot(db(), installationId, pull(["a", "b", "c"]));
    const second = await replaceCloudSnapshot(db(), installationId, pull(["d"]));
    expect(second.previousSnapshotId).toBe(first.snapshotId);
    expect(await db().prisma.cloudSnapshot.count()).toBe(1);
    expect((await db().prisma.cloudMember.findMany()).map((m) => m.login)).toEqual(["d", null]);
    expect(await db().prisma.cloudIdentity.count()).toBe(1);
    const snapshot = await db().prisma.cloudSnapshot.findUniqueOrThrow({ where: { id: second.snapshotId } });
    expect(snapshot.limitations).toBeNull();
  });

  it("keeps the previous snapshot when writing the new one fails", async () => {
    const installationId = await seedInstallation(db().prisma);
    const good = await replaceCloudSnapshot(db(), installationId, pull(["a"]));
    const bad = pull(["b"]);
    bad.people[0]!.role = null as never; // role is NOT NULL: the member insert fails after the snapshot row exists
    await expect(replaceCloudSnapshot(db(), installationId, bad)).rejects.toThrow();
    const installation = await db().prisma.installation.findUniqueOrThrow({ where: { id: installationId } });
    expect(installation.currentCloudSnapshotId).toBe(good.snapshotId);
    expect(await db().prisma.cloudSnapshot.count()).toBe(1);
    expect((await db().prisma.cloudMember.findMany()).map((m) => m.login)).toEqual(["a", null]);
  });

  it("refuses an installation that does not exist", async () => {
    await expect(replaceCloudSnapshot(db(), 999, pull(["a"]))).rejects.toThrow();
    expect(await db().prisma.cloudSnapshot.count()).toBe(0);
  });
});
