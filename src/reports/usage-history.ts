// The weekly usage points, oldest first: what the dashboard's chart draws.
import type { Database } from "../db/open-database.js";
import { seatsPurchasedValue } from "../licenses/read-consumed-licenses.js";

/** `per_deployment` is the recount's split: `{cloud: n, servers: {hostname: n}}`. */
export type UsagePointView = { date: string; consumed: number; purchased: number | string | null; per_deployment: unknown };

export async function usageHistory(db: Database, installationId: number): Promise<{ usage: UsagePointView[] }> {
  const points = await db.prisma.usagePoint.findMany({ where: { installationId }, orderBy: { weekStart: "asc" } });
  return {
    usage: points.map((p) => ({
      date: p.weekStart.toISOString().slice(0, 10),
      consumed: p.consumed,
      purchased: p.purchased === null ? null : seatsPurchasedValue(p.purchased),
      per_deployment: p.perDeployment,
    })),
  };
}
