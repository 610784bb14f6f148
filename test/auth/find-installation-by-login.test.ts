import { expect, it } from "vitest";
import { findInstallationByLogin } from "../../src/auth/find-installation-by-login.js";
import { describeEachDatabase } from "../support/test-database.js";

describeEachDatabase("findInstallationByLogin", (db) => {
  const create = (githubInstallationId: bigint, login: string, extra: { verification?: string; deletedAt?: Date; createdAt?: Date } = {}) =>
    db().prisma.installation.create({
      data: { githubInstallationId, accountId: 9_007_199_254_740_993n, login, accountType: "Organization", verification: extra.verification ?? "verified", ...extra },
    });

  it("answers the installation exactly as Prisma reads it, whatever the case of the login", async () => {
    const stored = await create(12_345_678_901n, "Octo-Org");
    await db().prisma.installation.update({ where: { id: stored.id }, data: { suspendedAt: new Date("2026-11-01T10:00:00.123Z"), installedBy: "mona", currentRecountId: "r1" } });
    const expected = await db().prisma.installation.findUniqueOrThrow({ where: { id: stored.id } });
    expect(await findInstallationByLogin(db().sql, "octo-ORG")).toEqual(expected);
    expect(await findInstallationByLogin(db().sql, "octo-org-2")).toBeNull();
  });

  it("skips deleted installations and answers the newest of the rest", async () => {
    await create(1n, "acme", { createdAt: new Date("2026-01-01T00:00:00Z") });
    const newer = await create(2n, "acme", { createdAt: new Date("2026-06-01T00:00:00Z") });
    await create(3n, "acme", { createdAt: new Date("2026-09-01T00:00:00Z"), deletedAt: new Date("2026-10-01T00:00:00Z") });
    await create(4n, "acme", { createdAt: new Date("2026-10-01T00:00:00Z"), verification: "deleted" });
    expect((await findInstallationByLogin(db().sql, "ACME"))?.id).toBe(newer.id);
  });
});
