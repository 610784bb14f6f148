// The load benchmark's data: one verified organization whose count in force holds `people`
// consumed licenses, written straight into the tables a recount fills (in batches, by SQL), as the
// recount stores them (src/licenses/stored-license-row.ts): 3 in 5 people on both GHEC and GHES,
// 1 in 5 GHEC-only, 1 in 5 GHES-only (unmatched). Quick at 200,000 people, unlike a full synthetic sync.
import { randomUUID } from "node:crypto";
import type { SqlClient } from "../../src/db/sql-client.js";

export const BENCH_ORG = "bench-org";
export const BENCH_INSTALLATION_ID = 424_2001;
export const BENCH_OWNER = { login: "bench-owner", id: 9_000_001 };
const HOSTS = ["ghes1.bench.example", "ghes2.bench.example"];
const BATCH = 20_000;

export async function seedConsumedLicenses(sql: SqlClient, people: number): Promise<{ recountId: string }> {
  const [installation] = await sql.query<{ id: number }>(
    `INSERT INTO installations (github_installation_id, account_id, login, account_type, verification, verified_at, installed_by, updated_at)
     VALUES ($1, 38302899, $2, 'Organization', 'verified', now(), $3, now()) RETURNING id`,
    [BENCH_INSTALLATION_ID, BENCH_ORG, BENCH_OWNER.login],
  );
  const recountId = randomUUID();
  const both = Math.floor((people * 3) / 5);
  const ghecOnly = Math.floor(people / 5);
  const ghesOnly = people - both - ghecOnly;
  await sql.query(
    `INSERT INTO recounts (id, installation_id, total_consumed, total_purchased, ghec_only, ghes_only, "both", unmatched, per_deployment)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $6, $8::jsonb)`,
    [recountId, installation!.id, people, String(people + 50_000), ghecOnly, ghesOnly, both, JSON.stringify({ cloud: both + ghecOnly, servers: { [HOSTS[0]!]: both + ghesOnly, [HOSTS[1]!]: Math.floor(both / 2) } })],
  );
  // kind: 0–2 both (matched by a rule), 3 GHEC-only, 4 GHES-only.
  for (let from = 0; from < people; from += BATCH) {
    const to = Math.min(people, from + BATCH) - 1;
    await sql.query(
      `WITH p AS (
         SELECT g AS ord, g % 5 AS kind, 'user' || g AS login, 'user' || g || '@corp.example' AS email,
                (ARRAY['saml', 'verified_domain_email', 'public_email'])[1 + g % 3] AS rule
         FROM generate_series($2::int, $3::int) AS g
       )
       INSERT INTO consumed_licenses (recount_id, ord, github_com_login, match_rule, search_text, row)
       SELECT $1, ord,
              CASE WHEN kind = 4 THEN '' ELSE login END,
              CASE WHEN kind < 3 THEN rule ELSE 'none' END,
              CASE WHEN kind = 4 THEN login || ' ' || email ELSE login || ' member ' || ord || ' ' || email END,
              json_build_array(
                CASE WHEN kind = 4 THEN '' ELSE login END,
                CASE WHEN kind = 4 THEN '' ELSE 'Member ' || ord END,
                CASE WHEN kind = 3 THEN '[]'::json
                  WHEN kind = 0 THEN json_build_array($4 || ':' || ord, $5 || ':' || ord)
                  ELSE json_build_array($4 || ':' || ord) END,
                CASE WHEN kind = 4 THEN '' ELSE 'https://github.com/' || login END,
                CASE WHEN kind = 4 THEN '[]'::json ELSE json_build_array($6 || CASE WHEN ord < 20 THEN ':Owner' ELSE ':Member' END) END,
                CASE WHEN kind = 1 THEN json_build_array(email) ELSE '[]'::json END,
                CASE WHEN kind = 0 THEN email ELSE '' END,
                '[]'::json,
                CASE WHEN kind = 4 THEN NULL ELSE ord % 7 <> 0 END,
                CASE WHEN kind = 3 THEN '[]'::json ELSE json_build_array(email) END,
                CASE WHEN kind < 3 THEN rule ELSE 'none' END,
                CASE WHEN kind < 3 THEN rule || ' ' || email WHEN kind = 3 THEN 'no GHES account' ELSE 'no GitHub account' END)
       FROM p`,
      [recountId, from, to, HOSTS[0], HOSTS[1], BENCH_ORG],
    );
  }
  await sql.query(`UPDATE installations SET current_recount_id = $1 WHERE id = $2`, [recountId, installation!.id]);
  await sql.query(`ANALYZE consumed_licenses`);
  return { recountId };
}
