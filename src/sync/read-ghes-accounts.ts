// The users of every GHES server's snapshot in force, as a count takes them: sorted by email
// (`compareGhesAccounts`, so that a person's accounts are neighbours), a page at a time, without
// the suspended users, who never count.
//
// One statement sorts them and cuts the result into pages, each one JSON document (as in
// readJsonPages: on PGlite far cheaper than as many result rows). It runs once, as a cursor WITH
// HOLD: its result stays readable outside any transaction, so a recount writing its rows between
// pages does not hold PGlite's only connection in a transaction meanwhile, and every page comes
// from the same snapshots, whatever a sync puts in force in between. The cursor belongs to its
// connection: on PostgreSQL the caller holds one (`SqlClient.session`).
import { randomBytes } from "node:crypto";
import type { SqlSession } from "../db/sql-client.js";
import type { GhesAccount } from "../licenses/license-types.js";

// A page's text and accounts are garbage once the count has taken them; 4,000 keeps that small.
const PAGE = 4_000;

type GhesTuple = [hostname: string, ghesId: number, login: string, email: string | null, emailNormalized: string | null];

const sortedPages = (pageSize: number) => `
  SELECT json_agg(account ORDER BY place)::text AS page
    FROM (SELECT json_build_array(s.hostname, u.ghes_id, u.login, u.email, u.email_normalized) AS account,
                 row_number() OVER (ORDER BY u.email_normalized COLLATE "C" NULLS FIRST, s.hostname COLLATE "C", u.ghes_id) AS place
            FROM ghes_users u JOIN ghes_servers s ON s.current_snapshot_id = u.snapshot_id
           WHERE s.installation_id = $1 AND NOT u.suspended) AS sorted
   GROUP BY (place - 1) / ${pageSize}
   ORDER BY (place - 1) / ${pageSize}`;

export async function* readGhesAccounts(connection: SqlSession, installationId: number, pageSize = PAGE): AsyncGenerator<GhesAccount[]> {
  if (!Number.isSafeInteger(pageSize) || pageSize < 1) throw new RangeError(`readGhesAccounts: page size ${pageSize} is not a positive integer`);
  const cursor = `ghes_accounts_${randomBytes(8).toString("hex")}`;
  await connection.query(`DECLARE ${cursor} NO SCROLL CURSOR WITH HOLD FOR ${sortedPages(pageSize)}`, [installationId]);
  try {
    for (;;) {
      const [result] = await connection.query<{ page: string }>(`FETCH 1 FROM ${cursor}`);
      if (result === undefined) return;
      const accounts: GhesAccount[] = [];
      for (const [hostname, ghesId, login, email, emailNormalized] of JSON.parse(result.page) as GhesTuple[]) {
        accounts.push({ hostname, ghesId, login, email, emailNormalized });
      }
      yield accounts;
    }
  } finally {
    await connection.query(`CLOSE ${cursor}`).catch(() => undefined);
  }
}
