// The settings in force for an installation: the last valid file, or the contract's defaults when
// none was ever accepted. Stored settings are parsed again so a default added later applies to them.
import type { Database } from "../db/open-database.js";
import { settingsSchema, type LicenseSyncSettings } from "./settings-schema.js";

export type SettingsInForce = LicenseSyncSettings & {
  /** Where they come from: the commit of the accepted file, or "defaults". */
  source: { kind: "file"; sha: string | null; acceptedAt: Date } | { kind: "defaults" };
};

export async function loadSettings(db: Pick<Database, "prisma">, installationId: number): Promise<SettingsInForce> {
  const row = await db.prisma.settings.findUnique({ where: { installationId } });
  if (row) {
    const parsed = settingsSchema.safeParse(row.config);
    if (parsed.success) return { ...parsed.data, source: { kind: "file", sha: row.sourceSha, acceptedAt: row.acceptedAt } };
  }
  return { ...settingsSchema.parse({}), source: { kind: "defaults" } };
}
