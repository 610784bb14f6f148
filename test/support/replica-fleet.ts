// What the multi-process replica tests share: one PostgreSQL test database, a GitHub stand-in, an
// organization with its owner, GHES servers with sealed tokens, and the environment every replica
// of that fleet starts with (the same ENCRYPTION_KEY, fast job timings through JOB_SETTINGS).
import { randomBytes } from "node:crypto";
import { createSecretBox } from "../../src/crypto/secret-box.js";
import { GHES_TOKEN_PURPOSE } from "../../src/ghes/ghes-token.js";
import type { JobSettings } from "../../src/jobs/index.js";
import { startAppProcess, type AppProcess } from "./app-process.js";
import { startGithubStandIn, type GithubStandIn, type StandInPerson } from "./github-stand-in-server.js";
import { FAST_JOB_SETTINGS } from "./job-fixtures.js";
import { TEST_APP_ID, TEST_PRIVATE_KEY, TEST_WEBHOOK_SECRET } from "./test-app.js";
import type { TestDatabase } from "./test-database.js";

export const ORG = "acme-replicas";
export const INSTALLATION_ID = 770011;
export const OWNER: StandInPerson = { login: "octo-owner", id: 5001, token: "gho_replicaOwner00000000000000000000001", role: "admin" };
export const GHES_TOKEN = "ghp_replicaSiteAdmin0000000000000000001";
/** Processes start, sync and stop in seconds, but a shared machine under the whole suite is slow. */
export const PROCESS_TEST_TIMEOUT_MS = 120_000;
export const SITE_ADMIN = { [GHES_TOKEN]: { login: "site-admin", siteAdmin: true, scopes: ["site_admin"] } };

export type Fleet = {
  github: GithubStandIn;
  env(extra?: Record<string, string>): Record<string, string>;
  seal(token: string): string;
  /** starts a replica and remembers it, so stopAll() ends it */
  start(name: string, role: "web" | "worker" | "all", extra?: Record<string, string>): Promise<AppProcess>;
  stopAll(): Promise<void>;
};

export async function createFleet(db: TestDatabase, jobSettings: Partial<JobSettings> = {}): Promise<Fleet> {
  const key = randomBytes(32).toString("base64");
  const box = createSecretBox(Buffer.from(key, "base64"));
  const github = await startGithubStandIn({ org: ORG, installationId: INSTALLATION_ID, people: [OWNER] });
  const processes: AppProcess[] = [];
  const env = (extra: Record<string, string> = {}) => ({
    DATABASE_URL: db.url!,
    ENCRYPTION_KEY: key,
    APP_ID: String(TEST_APP_ID),
    PRIVATE_KEY: TEST_PRIVATE_KEY,
    WEBHOOK_SECRET: TEST_WEBHOOK_SECRET,
    GHE_HOST: github.host,
    GHE_PROTOCOL: "http",
    GHES_ALLOW_HTTP: "true",
    JOB_SETTINGS: JSON.stringify({ ...FAST_JOB_SETTINGS, ...jobSettings }),
    ...extra,
  });
  return {
    github,
    env,
    seal: (token) => box.seal(token, GHES_TOKEN_PURPOSE),
    start: async (name, role, extra = {}) => {
      const replica = await startAppProcess(name, env({ APP_ROLE: role, ...extra }));
      processes.push(replica);
      return replica;
    },
    stopAll: async () => {
      await Promise.all(processes.splice(0).map((p) => p.kill()));
      await github.close();
    },
  };
}

/** The verified organization the app is installed on. */
export async function seedOrganization(db: TestDatabase): Promise<number> {
  const installation = await db.prisma.installation.create({
    data: {
      githubInstallationId: BigInt(INSTALLATION_ID),
      accountId: 880011n,
      login: ORG,
      accountType: "Organization",
      verification: "verified",
      installedBy: OWNER.login,
    },
  });
  return installation.id;
}

export async function seedGhesServer(db: TestDatabase, fleet: Fleet, installationId: number, hostname: string, apiUrl: string): Promise<string> {
  const server = await db.prisma.ghesServer.create({
    data: {
      installationId,
      hostname,
      apiUrl,
      licenseSync: "enabled",
      tokenSealed: fleet.seal(GHES_TOKEN),
      tokenLogin: "site-admin",
      registeredBy: OWNER.login,
    },
  });
  return server.id;
}

/** An all_users.csv of `count` active users named `<prefix>-<n>`. */
export function userReport(prefix: string, count: number): string {
  const rows = ["created_at,id,login,email,role,suspended?,dormant?"];
  for (let i = 1; i <= count; i++) rows.push(`2020-01-01 00:00:00 UTC,${i},${prefix}-${i},${prefix}-${i}@example.com,user,false,false`);
  return rows.join("\n") + "\n";
}

/** The logins of the server's snapshot in force, sorted. */
export async function loginsInForce(db: TestDatabase, serverId: string): Promise<string[]> {
  const rows = await db.sql.query<{ login: string }>(
    `SELECT u.login FROM ghes_users u JOIN ghes_servers s ON s.current_snapshot_id = u.snapshot_id WHERE s.id = $1 ORDER BY u.login`,
    [serverId],
  );
  return rows.map((r) => r.login);
}
