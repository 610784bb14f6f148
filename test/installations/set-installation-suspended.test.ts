import { expect, it } from "vitest";
import { isSyncable } from "../../src/installations/installation-state.js";
import { setInstallationSuspended } from "../../src/installations/set-installation-suspended.js";
import { describeEachDatabase } from "../support/test-database.js";
import { seedInstallation } from "./seed.js";

const at = new Date("2026-11-29T02:00:00Z");

describeEachDatabase("setInstallationSuspended", (db) => {
  it("pauses syncing while suspended and resumes it after", async () => {
    await seedInstallation(db());
    const suspended = await setInstallationSuspended(db(), 957387, at, at);
    expect(suspended?.suspendedAt).toEqual(at);
    expect(isSyncable(suspended!)).toBe(false);

    const resumed = await setInstallationSuspended(db(), 957387, null, at);
    expect(resumed?.suspendedAt).toBeNull();
    expect(isSyncable(resumed!)).toBe(true);
    expect((await db().prisma.auditEntry.findMany({ orderBy: { id: "asc" } })).map((e) => e.action)).toEqual([
      "installation.suspended",
      "installation.unsuspended",
    ]);
  });

  it("answers null for an unknown installation", async () => {
    expect(await setInstallationSuspended(db(), 1, at, at)).toBeNull();
  });
});
