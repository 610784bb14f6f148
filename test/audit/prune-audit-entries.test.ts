import { expect, it } from "vitest";
import { pruneAuditEntries } from "../../src/audit/prune-audit-entries.js";
import { recordAudit } from "../../src/audit/record-audit.js";
import { DEFAULT_SETTINGS } from "../../src/settings/settings-schema.js";
import { describeEachDatabase } from "../support/test-database.js";
import { seedInstallation } from "../http/api/serve-test-app.js";

const DAY = 86_400_000;
const NOW = new Date("2026-06-01T00:00:00Z");

describeEachDatabase("pruneAuditEntries", (db) => {
  it("keeps entries retention_days (the installation's settings, else the default) and no longer", async () => {
    const installation = await seedInstallation(db());
    await db().prisma.settings.create({ data: { installationId: installation.id, config: { ...DEFAULT_SETTINGS, retention_days: 30 } } });
    const entry = (installationId: number | null, daysAgo: number, action: string) =>
      recordAudit(db(), { installationId, actor: "github", action, at: new Date(NOW.getTime() - daysAgo * DAY) });
    await entry(installation.id, 29, "kept");
    await entry(installation.id, 31, "pruned");
    await entry(null, DEFAULT_SETTINGS.retention_days - 1, "orphan kept");
    await entry(null, DEFAULT_SETTINGS.retention_days + 1, "orphan pruned");

    expect(await pruneAuditEntries(db(), NOW)).toBe(2);
    expect((await db().prisma.auditEntry.findMany({ orderBy: { id: "asc" } })).map((e) => e.action)).toEqual(["kept", "orphan kept"]);
    expect(await pruneAuditEntries(db(), NOW)).toBe(0);
  });
});
