// Reads the count in force (the installation's current recount) a page at a time. Rows are
// stored in a stable order (`ord` from 0), so a page is an index range, as fast at page 2,000 as at 1.
import type { Installation } from "@prisma/client";
import type { Database } from "../db/open-database.js";
import { readStoredLicenseRow, unpackLicenseRow, type StoredLicenseRow } from "./stored-license-row.js";

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
  if (!installation.currentRecountId) return { total_seats_consumed: 0, total_seats_purchased: 0, users: [] };
  // One statement, in raw SQL: the API's hottest read (a page is read per request, 2,000 pages at
  // 200,000 people) spends a good part of its time in Prisma's query compiler otherwise. The page
  // comes as one JSON text beside the totals: one field to decode instead of a result row per license.
  const [recount] = await db.sql.query<{ total_consumed: number; total_purchased: string | null; page: string | null }>(
    `SELECT r.total_consumed, r.total_purchased,
            (SELECT json_agg(c."row" ORDER BY c.ord)::text FROM consumed_licenses c
              WHERE c.recount_id = r.id AND c.ord >= $2 AND c.ord < $3) AS page
       FROM recounts r
      WHERE r.id = $1`,
    [installation.currentRecountId, range.offset, range.offset + range.limit],
  );
  if (!recount) return { total_seats_consumed: 0, total_seats_purchased: 0, users: [] };
  const stored = recount.page === null ? [] : (JSON.parse(recount.page) as StoredLicenseRow[]);
  return {
    total_seats_consumed: recount.total_consumed,
    total_seats_purchased: seatsPurchasedValue(recount.total_purchased),
    users: stored.map(unpackLicenseRow),
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
    for (const { row } of rows) yield readStoredLicenseRow(row);
    if (rows.length < batchSize) return;
  }
}
