import { expect, it } from "vitest";
import { purgeExpiredSessions } from "../../src/auth/purge-expired-sessions.js";
import { describeEachDatabase } from "../support/test-database.js";

describeEachDatabase("purgeExpiredSessions", (db) => {
  it("removes expired sessions and keeps live ones", async () => {
    const now = new Date("2026-11-30T12:00:00Z");
    const session = (idHash: string, expiresAt: Date) => ({ idHash, githubId: 1n, login: "octo-owner", tokenSealed: "v1.x.y", csrfSecret: "s", expiresAt });
    await db().prisma.session.createMany({
      data: [session("expired", new Date(now.getTime() - 1)), session("just-now", now), session("live", new Date(now.getTime() + 60_000))],
    });
    expect(await purgeExpiredSessions(db(), now)).toBe(2);
    expect((await db().prisma.session.findMany()).map((s) => s.idHash)).toEqual(["live"]);
  });
});
