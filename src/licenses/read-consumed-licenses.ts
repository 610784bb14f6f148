// Reads the count in force (the installation's current recount) a page at a time. Rows are
// stored in a stable order (`ord` from 0), so a page is an index range, as fast at page 2,000 as at 1.
import type { Installation } from "@prisma/client";
import type { Database } from "../db/open-database.js";

export type ConsumedLicensesPage = {
  total_seats_consumed: number;
  total_seats_purchased: number | string;
  users: unknown[];
};

/** GitHub's integer where the seats are a number; "unlimited" (or another word) stays a string. */
export function seatsPurchasedValue(text: string | null | undefined): number | string {
  if (text === null || text === undefined) return 0;
  return /^\d+$/.test(text) ? Number(text) : text;
}

export async function readConsumedLicenses(
  db: Database,
  installation: Pick<Installation, "currentRecountId">,
  range: { offset: number; limit: number },
): Promise<ConsumedLicensesPage> {
  const recount = installation.currentRecountId
    ? await db.prisma.recount.findUnique({ where: { id: installation.currentRecountId } })
    : null;
  if (!recount) return { total_seats_consumed: 0, total_seats_purchased: 0, users: [] };
  const rows = await db.prisma.consumedLicense.findMany({
    where: { recountId: recount.id, ord: { gte: range.offset, lt: range.offset + range.limit } },
    orderBy: { ord: "asc" },
    select: { row: true },
  });
  return {
    total_seats_consumed: recount.totalConsumed,
    total_seats_purchased: seatsPurchasedValue(recount.totalPurchased),
    users: rows.map((r) => r.row),
  };
}

/** Every row of the count in force, in order, a batch at a time (the CSV export). */
export async function* eachConsumedLicense(
  db: Database,
  installation: Pick<Installation, "currentRecountId">,
  batchSize = 2_000,
): AsyncGenerator<Record<string, unknown>> {
  const recountId = installation.currentRecountId;
  if (!recountId) return;
  for (let offset = 0; ; offset += batchSize) {
    const rows = await db.prisma.consumedLicense.findMany({
      where: { recountId, ord: { gte: offset, lt: offset + batchSize } },
      orderBy: { ord: "asc" },
      select: { row: true },
    });
    for (const { row } of rows) yield row as Record<string, unknown>;
    if (rows.length < batchSize) return;
  }
}
