// Deletes the data of uninstalled organizations once their retention period is over. Everything
// hangs off the installation row (servers, users, runs, counts, history, settings), so deleting
// it removes all of it; audit entries stay, detached, and the purge itself is recorded as the
// scheduler's act.
import { recordAudit } from "../audit/record-audit.js";
import type { Database } from "../db/open-database.js";

export type PurgedInstallation = { id: number; login: string };

export async function purgeExpiredInstallations(db: Pick<Database, "prisma">, now: Date): Promise<PurgedInstallation[]> {
  const due = await db.prisma.installation.findMany({
    where: { verification: "deleted", purgeAfter: { lte: now } },
    select: { id: true, login: true },
    orderBy: { id: "asc" },
  });
  if (due.length === 0) return [];
  // The state is checked again in the delete: a re-install that arrived meanwhile is kept.
  await db.prisma.installation.deleteMany({
    where: { id: { in: due.map((i) => i.id) }, verification: "deleted", purgeAfter: { lte: now } },
  });
  const left = new Set(
    (await db.prisma.installation.findMany({ where: { id: { in: due.map((i) => i.id) } }, select: { id: true } })).map((i) => i.id),
  );
  const purged = due.filter((i) => !left.has(i.id));
  for (const installation of purged) {
    await recordAudit(db, { installationId: null, actor: "scheduler", action: "installation.data_purged", target: installation.login, details: { installation_id: installation.id }, at: now });
  }
  return purged;
}
