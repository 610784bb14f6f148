import { expect, it } from "vitest";
import type { CloudPull } from "../../src/cloud/cloud-people.js";
import { replaceCloudSnapshot } from "../../src/cloud/replace-cloud-snapshot.js";
import { DEFAULT_MATCHING } from "../../src/licenses/license-types.js";
import type { GhesUserRow } from "../../src/sync/ghes-user-row.js";
import { readStoredLicenseRow } from "../../src/licenses/stored-license-row.js";
import { recount } from "../../src/sync/recount.js";
import { replaceServerSnapshot } from "../../src/sync/replace-server-snapshot.js";
import { describeEachDatabase } from "../support/test-database.js";
import { seedInstallation, seedServer } from "./seed-rows.js";

const user = (ghesId: number, login: string, email: string | null, extra: Partial<GhesUserRow> = {}): GhesUserRow => ({
  ghesId, login, email, emailNormalized: email?.trim().toLowerCase() ?? null, role: "user", suspended: false, dormant: false,
  createdOnGhes: null, lastActive: null, rawLogin: login, twoFactor: null, ...extra,
});

const person = (login: string | null, extra: Partial<CloudPull["people"][number]> = {}): CloudPull["people"][number] => ({
  login, githubId: null, name: null, role: "member", publicEmail: null, verifiedDomainEmails: [], invitationEmail: null, twoFactor: null, ...extra,
});

const MONDAY_NOON = new Date("2026-11-30T12:00:00Z");

describeEachDatabase("recount", (db) => {
  async function fleet() {
    const installationId = await seedInstallation(db().prisma, "octo-org");
    const a = await seedServer(db().prisma, installationId, "ghes-a.example", { seats: 300 });
    const b = await seedServer(db().prisma, installationId, "ghes-b.example", { seats: "500" });
    await replaceServerSnapshot(db(), a, [user(1, "ana", "Ana@Corp.example"), user(2, "bob", "bob@corp.example"), user(3, "gone", "gone@corp.example", { suspended: true }), user(4, "scim-admin", null)], { source: "synced" });
    await replaceServerSnapshot(db(), b, [user(10, "ana", "ana@corp.EXAMPLE"), user(11, "cy", "cy@corp.example", { dormant: true })], { source: "uploaded" });
    await replaceCloudSnapshot(db(), installationId, {
      people: [person("ana-gh", { role: "owner", verifiedDomainEmails: ["ana@corp.example"] }), person("cy-gh"), person(null, { role: "pending_invitation", invitationEmail: "new@corp.example" })],
      identities: [],
      limitations: {},
    });
    await db().prisma.identityMapping.create({ data: { installationId, serverKey: "cy", githubLogin: "cy-gh", uploadedBy: "owner" } });
    return installationId;
  }

  it("counts from the snapshots in force and stores rows, totals and the week's point", async () => {
    const installationId = await fleet();
    const result = await recount(db(), installationId, MONDAY_NOON, { matching: DEFAULT_MATCHING });
    expect(result.purchased).toBe(500);
    expect(result.weekStart).toBe("2026-11-30");

    const stored = {
      ...(await db().prisma.recount.findUniqueOrThrow({ where: { id: result.recountId } })),
      licenses: await db().prisma.consumedLicense.findMany({ where: { recountId: result.recountId }, orderBy: { ord: "asc" } }),
    };
    expect(stored).toMatchObject({ installationId, totalConsumed: 4, totalPurchased: "500", ghecOnly: 1, ghesOnly: 1, both: 2, unmatched: 1, computedAt: MONDAY_NOON });
    expect(stored.perDeployment).toEqual({ cloud: 3, servers: { "ghes-a.example": 2, "ghes-b.example": 2 } });
    expect(stored.licenses.map((l) => [l.ord, l.githubComLogin, l.matchRule])).toEqual([
      [0, "ana-gh", "verified_domain_email"],
      [1, "cy-gh", "mapping"],
      [2, "", "none"],
      [3, "", "none"],
    ]);
    expect(readStoredLicenseRow(stored.licenses[0]!.row)).toMatchObject({
      github_com_login: "ana-gh",
      enterprise_server_user_ids: ["ghes-a.example:1", "ghes-b.example:10"],
      github_com_member_roles: ["octo-org:Owner"],
      total_user_accounts: 3,
      match: { rule: "verified_domain_email" },
    });
    expect(stored.licenses[0]!.searchText).toContain("ana@corp.example");
    expect(readStoredLicenseRow(stored.licenses[3]!.row)).toMatchObject({ enterprise_server_emails: ["bob@corp.example"], github_com_user: false });

    const installation = await db().prisma.installation.findUniqueOrThrow({ where: { id: installationId } });
    expect(installation.currentRecountId).toBe(result.recountId);
    const points = await db().prisma.usagePoint.findMany();
    expect(points).toEqual([
      expect.objectContaining({ installationId, weekStart: new Date("2026-11-30T00:00:00Z"), consumed: 4, purchased: "500", perDeployment: stored.perDeployment }),
    ]);
  });

  it("replaces the previous count, updates the week's point and adds a new week's", async () => {
    const installationId = await fleet();
    const first = await recount(db(), installationId, MONDAY_NOON);
    const second = await recount(db(), installationId, new Date("2026-12-01T08:00:00Z"), { seats: 50, matching: { ...DEFAULT_MATCHING, verifiedDomainEmails: false } });
    expect(second.previousRecountId).toBe(first.recountId);
    expect(await db().prisma.recount.count()).toBe(1);
    expect(await db().prisma.consumedLicense.count({ where: { recountId: first.recountId } })).toBe(0);
    expect(second.totals.consumed).toBe(5); // ana no longer matches without verified-domain emails

    let points = await db().prisma.usagePoint.findMany({ orderBy: { weekStart: "asc" } });
    expect(points.map((p) => [p.weekStart.toISOString().slice(0, 10), p.consumed, p.purchased])).toEqual([["2026-11-30", 5, "50"]]);

    await recount(db(), installationId, new Date("2026-12-07T03:00:00Z"));
    points = await db().prisma.usagePoint.findMany({ orderBy: { weekStart: "asc" } });
    expect(points.map((p) => [p.weekStart.toISOString().slice(0, 10), p.consumed, p.purchased])).toEqual([["2026-11-30", 5, "50"], ["2026-12-07", 4, "500"]]);
  });

  it("writes every row anew: the same data gives the same rows, a change moves only what it must", async () => {
    const installationId = await fleet();
    const rowsOf = async (recountId: string) =>
      (await db().prisma.consumedLicense.findMany({ where: { recountId }, orderBy: { ord: "asc" } })).map(({ recountId: _, ...rest }) => rest);
    const first = await recount(db(), installationId, MONDAY_NOON);
    expect(first.rowsWritten).toBe(4);
    const firstRows = await rowsOf(first.recountId);

    const same = await recount(db(), installationId, MONDAY_NOON);
    expect(same.rowsWritten).toBe(4);
    expect(await rowsOf(same.recountId)).toEqual(firstRows);

    // A new person sorted among the unmatched moves the rows after it one place down.
    const serverId = (await db().prisma.ghesServer.findFirstOrThrow({ where: { hostname: "ghes-a.example" } })).id;
    await replaceServerSnapshot(db(), serverId, [user(1, "ana", "Ana@Corp.example"), user(2, "bob", "bob@corp.example"), user(5, "aaron", "aaron@corp.example")], { source: "synced" });
    const changed = await recount(db(), installationId, MONDAY_NOON);
    expect(changed.rowsWritten).toBe(5);
    const changedRows = await rowsOf(changed.recountId);
    expect(readStoredLicenseRow(changedRows[3]!.row)).toMatchObject({ enterprise_server_emails: ["aaron@corp.example"] });
    expect(changedRows.filter((r) => r.ord !== 3)).toEqual(firstRows.map((r) => ({ ...r, ord: r.ord === 3 ? 4 : r.ord })));
  });

  it("writes a count larger than one batch in order, every row once", async () => {
    const installationId = await fleet();
    const result = await recount(db(), installationId, MONDAY_NOON, { batchSize: 3 });
    const rows = await db().prisma.consumedLicense.findMany({ where: { recountId: result.recountId }, orderBy: { ord: "asc" } });
    expect(rows.map((r) => r.ord)).toEqual([0, 1, 2, 3]);
    const whole = await recount(db(), installationId, MONDAY_NOON);
    const wholeRows = await db().prisma.consumedLicense.findMany({ where: { recountId: whole.recountId }, orderBy: { ord: "asc" } });
    expect(wholeRows.map(({ recountId: _, ...r }) => r)).toEqual(rows.map(({ recountId: _, ...r }) => r));
  });

  it("deletes a count's rows with it, also when its installation is deleted", async () => {
    const installationId = await fleet();
    const first = await recount(db(), installationId, MONDAY_NOON);
    await recount(db(), installationId, MONDAY_NOON);
    expect(await db().prisma.consumedLicense.count({ where: { recountId: first.recountId } })).toBe(0);
    expect(await db().prisma.consumedLicense.count()).toBe(4);
    await db().prisma.installation.delete({ where: { id: installationId } });
    expect(await db().prisma.consumedLicense.count()).toBe(0);
  });

  it("counts an installation with nothing synced yet as zero", async () => {
    const installationId = await seedInstallation(db().prisma);
    const result = await recount(db(), installationId, MONDAY_NOON);
    expect(result.totals).toMatchObject({ consumed: 0, perDeployment: { cloud: 0, servers: {} } });
    expect(result.purchased).toBeNull();
    const stored = await db().prisma.recount.findUniqueOrThrow({ where: { id: result.recountId } });
    expect(stored.totalPurchased).toBeNull();
  });

  it("refuses an installation that does not exist and writes nothing", async () => {
    await expect(recount(db(), 4242, MONDAY_NOON)).rejects.toThrow("installation 4242 does not exist");
    expect(await db().prisma.recount.count()).toBe(0);
    expect(await db().prisma.usagePoint.count()).toBe(0);
  });

  it("reads more users than one page", async () => {
    const installationId = await seedInstallation(db().prisma);
    const serverId = await seedServer(db().prisma, installationId, "big.example");
    const many = Array.from({ length: 20_050 }, (_, i) => user(i + 1, `u${i + 1}`, `u${i + 1}@big.example`));
    await replaceServerSnapshot(db(), serverId, many, { source: "synced" });
    const result = await recount(db(), installationId, MONDAY_NOON);
    expect(result.totals.consumed).toBe(20_050);
    expect(await db().prisma.consumedLicense.count()).toBe(20_050);
  });
});
