// Expired sessions are refused when used; this removes the ones nobody comes back with, so the
// table (and the sealed user tokens in it) does not grow without end. Call it from a periodic job.
import type { Database } from "../db/open-database.js";

export async function purgeExpiredSessions(db: Pick<Database, "prisma">, now: Date): Promise<number> {
  const { count } = await db.prisma.session.deleteMany({ where: { expiresAt: { lte: now } } });
  return count;
}
