import { createHash } from "node:crypto";
import { mkdtempSync, mkdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PGlite } from "@electric-sql/pglite";
import pg from "pg";
import { afterEach, expect, inject, it } from "vitest";
import { applyMigrations, pendingMigrations, readMigrationFiles, type MigrationFile } from "../../src/db/migrations.js";
import { pgliteSqlClient, pgSqlClient, type SqlClient } from "../../src/db/sql-client.js";
import { countLicenses } from "../../src/licenses/count-licenses.js";
import { DEFAULT_MATCHING } from "../../src/licenses/license-types.js";
import { readStoredLicenseRow } from "../../src/licenses/stored-license-row.js";
import { ALL_DATABASE_KINDS, describeOnDatabase, type DatabaseKind } from "../support/test-database.js";

// Migrations need an empty database, not the migrated template the other tests start from.
async function emptyDatabase(kind: DatabaseKind): Promise<{ sql: SqlClient; url?: string; drop(): Promise<void> }> {
  if (kind === "pglite") {
    const sql = pgliteSqlClient(new PGlite());
    return { sql, drop: () => sql.close() };
  }
  const adminUrl = inject("postgresAdminUrl");
  const name = `ls_t_${inject("runId")}_mig_${Math.random().toString(36).slice(2, 8)}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const sql = pgSqlClient(new pg.Pool({ connectionString: url.toString(), max: 4 }));
  return {
    sql,
    url: url.toString(),
    drop: async () => {
      await sql.close();
      await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await admin.end();
    },
  };
}

function migrationDir(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), "migrations-"));
  for (const [name, sql] of Object.entries(files)) {
    mkdirSync(join(dir, name));
    writeFileSync(join(dir, name, "migration.sql"), sql);
  }
  return dir;
}

for (const kind of ALL_DATABASE_KINDS) {
  describeOnDatabase(kind, "migrations", () => {
    const drops: Array<() => Promise<void>> = [];
    afterEach(async () => {
      while (drops.length) await drops.pop()!();
    });
    async function fresh() {
      const db = await emptyDatabase(kind);
      drops.push(db.drop);
      return db;
    }

    it("applies the committed migrations once, recorded as Prisma records them", async () => {
      const { sql } = await fresh();
      const files = await readMigrationFiles();
      expect(files.length).toBeGreaterThan(0);
      expect(await pendingMigrations(sql, files)).toEqual(files.map((f) => f.name));

      expect(await applyMigrations(sql, files)).toEqual(files.map((f) => f.name));
      expect(await applyMigrations(sql, files)).toEqual([]);
      expect(await pendingMigrations(sql, files)).toEqual([]);

      const rows = await sql.query<{ migration_name: string; checksum: string; finished_at: Date; applied_steps_count: number }>(
        `SELECT migration_name, checksum, finished_at, applied_steps_count FROM _prisma_migrations ORDER BY migration_name`,
      );
      expect(rows.map((r) => r.migration_name)).toEqual(files.map((f) => f.name));
      for (const [i, row] of rows.entries()) {
        expect(row.checksum).toBe(createHash("sha256").update(files[i]!.sql).digest("hex"));
        expect(row.finished_at).toBeInstanceOf(Date);
        expect(row.applied_steps_count).toBe(1);
      }
      const tables = await sql.query<{ tablename: string }>(`SELECT tablename FROM pg_tables WHERE schemaname = 'public'`);
      expect(tables.map((t) => t.tablename)).toEqual(expect.arrayContaining(["installations", "ghes_servers", "consumed_licenses"]));
    });

    it("applies only what is new, in name order", async () => {
      const { sql } = await fresh();
      const first = await readMigrationFiles(migrationDir({ "001_a": "CREATE TABLE a (id int);" }));
      await applyMigrations(sql, first);
      const both = await readMigrationFiles(
        migrationDir({ "001_a": "CREATE TABLE a (id int);", "002_b": "CREATE TABLE b (a_id int); INSERT INTO b VALUES (1);" }),
      );
      expect(await pendingMigrations(sql, both)).toEqual(["002_b"]);
      expect(await applyMigrations(sql, both)).toEqual(["002_b"]);
      expect(await sql.query("SELECT a_id FROM b")).toEqual([{ a_id: 1 }]);
    });

    it("rolls a failing migration back whole and records nothing", async () => {
      const { sql } = await fresh();
      const files = await readMigrationFiles(
        migrationDir({ "001_ok": "CREATE TABLE ok (id int);", "002_bad": "CREATE TABLE half (id int); SELECT no_such_column FROM ok;" }),
      );
      await expect(applyMigrations(sql, files)).rejects.toThrow(/migration 002_bad failed: .*no_such_column/);
      expect(await sql.query(`SELECT to_regclass('half') AS t`)).toEqual([{ t: null }]);
      expect(await pendingMigrations(sql, files)).toEqual(["002_bad"]);
    });

    it("refuses a migration that was edited after it was applied", async () => {
      const { sql } = await fresh();
      await applyMigrations(sql, await readMigrationFiles(migrationDir({ "001_a": "CREATE TABLE a (id int);" })));
      const edited: MigrationFile[] = await readMigrationFiles(migrationDir({ "001_a": "CREATE TABLE a (id bigint);" }));
      await expect(applyMigrations(sql, edited)).rejects.toThrow(/migration 001_a was changed after it was applied/);
    });

    it("keeps the count in force when its rows take the stored shape (20261129090000_consumed_license_stored_row)", async () => {
      const { sql } = await fresh();
      const files = await readMigrationFiles();
      const at = files.findIndex((f) => f.name === "20261129090000_consumed_license_stored_row");
      expect(at).toBeGreaterThan(0);
      await applyMigrations(sql, files.slice(0, at));
      const { licenses } = countLicenses({
        org: "octo-org",
        ghesAccounts: [{ hostname: "ghes-a", ghesId: 7, login: "ana", email: "ana@corp.example", emailNormalized: "ana@corp.example", suspended: false, dormant: false }],
        cloudPeople: [{ login: "ana-gh", githubId: 1, name: "Ana", role: "owner", publicEmail: null, verifiedDomainEmails: ["ana@corp.example"], invitationEmail: null, twoFactor: true }],
        identities: [],
        mappings: [],
        matching: DEFAULT_MATCHING,
      });
      const [installation] = await sql.query<{ id: number }>(
        `INSERT INTO installations (github_installation_id, account_id, login, account_type, updated_at) VALUES (1, 1, 'octo-org', 'Organization', now()) RETURNING id`,
      );
      await sql.query(`INSERT INTO recounts (id, installation_id, total_consumed, per_deployment) VALUES ('r1', $1, 1, '{}')`, [installation!.id]);
      await sql.query(
        `INSERT INTO consumed_licenses (recount_id, ord, github_com_login, match_rule, search_text, "row", row_hash) VALUES ('r1', 0, 'ana-gh', 'verified_domain_email', 'ana-gh', $1::jsonb, 'old-hash')`,
        [JSON.stringify(licenses[0]!.row)],
      );

      await applyMigrations(sql, files);
      const [stored] = await sql.query<Record<string, unknown>>(`SELECT * FROM consumed_licenses WHERE recount_id = 'r1'`);
      expect(readStoredLicenseRow(stored!.row)).toEqual(licenses[0]!.row);
      expect(Object.keys(stored!)).not.toContain("row_hash");
    });

    if (kind === "postgres") {
      it("migrates once when several replicas start at the same moment", async () => {
        const { url } = await fresh();
        const replicas = Array.from({ length: 4 }, () => pgSqlClient(new pg.Pool({ connectionString: url, max: 2 })));
        try {
          const files = await readMigrationFiles();
          const results = await Promise.all(replicas.map((sql) => applyMigrations(sql, files)));
          expect(results.flat()).toEqual(files.map((f) => f.name));
          const [{ count }] = await replicas[0]!.query<{ count: string }>(`SELECT count(*) FROM _prisma_migrations`) as [{ count: string }];
          expect(Number(count)).toBe(files.length);
        } finally {
          await Promise.all(replicas.map((sql) => sql.close()));
        }
      });
    }
  });
}
