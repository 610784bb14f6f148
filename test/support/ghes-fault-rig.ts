// What the GHES fault tests share: a server registered against a local GHES stand-in (or any
// origin), the real transport and sync function for the job system, and readers for what is in
// force afterwards.
import { randomBytes } from "node:crypto";
import { createSecretBox } from "../../src/crypto/secret-box.js";
import type { Database } from "../../src/db/open-database.js";
import { createGhesTransport } from "../../src/ghes/ghes-transport.js";
import { GHES_TOKEN_PURPOSE } from "../../src/ghes/ghes-token.js";
import type { JobSystemDeps } from "../../src/jobs/index.js";
import { SecretRegistry } from "../../src/logging/secret-registry.js";
import { syncGhesServer } from "../../src/sync/sync-ghes-server.js";
import type { StandInAccount } from "./ghes-stand-in.js";
import { seedInstallation } from "./job-fixtures.js";

export const GHES_TOKEN = "ghp_faultRigSiteAdminToken0000000000001";
export const SITE_ADMIN: Record<string, StandInAccount> = { [GHES_TOKEN]: { login: "site-admin", siteAdmin: true, scopes: ["site_admin"] } };

const HEADER = "created_at,id,login,email,role,suspended?,dormant?";
/** An all_users.csv with these logins (ids from 1). */
export const report = (...logins: string[]) =>
  [HEADER, ...logins.map((login, i) => `2020-01-01 00:00:00 UTC,${i + 1},${login},${login}@example.com,user,false,false`)].join("\n");

export function ghesFaultRig(db: () => Database) {
  const box = createSecretBox(randomBytes(32));
  const secrets = new SecretRegistry();
  const transport = createGhesTransport({ allowHttp: true, timeoutMs: 2_000 });
  const syncServer: JobSystemDeps["syncServer"] = (serverId, run) =>
    syncGhesServer({ db: db(), box, secrets, transport, polling: { initialDelayMs: 1, sleep: async () => undefined } }, serverId, run);

  return {
    secrets,
    syncServer,
    close: () => transport.close(),
    async seedServer(apiUrl: string): Promise<string> {
      const installationId = await seedInstallation(db());
      const server = await db().prisma.ghesServer.create({
        data: {
          installationId,
          hostname: "ghes.example.com",
          apiUrl,
          licenseSync: "enabled",
          tokenSealed: box.seal(GHES_TOKEN, GHES_TOKEN_PURPOSE),
          tokenLogin: "site-admin",
          registeredBy: "owner",
        },
      });
      return server.id;
    },
    /** The logins of the snapshot in force. */
    async loginsInForce(serverId: string): Promise<string[]> {
      const server = await db().prisma.ghesServer.findUniqueOrThrow({ where: { id: serverId } });
      if (!server.currentSnapshotId) return [];
      const users = await db().prisma.ghesUser.findMany({ where: { snapshotId: server.currentSnapshotId }, orderBy: { login: "asc" } });
      return users.map((u) => u.login);
    },
    /** Every snapshot row of the server: one after a clean failure, never a half-written extra. */
    snapshots: (serverId: string) => db().prisma.userSnapshot.findMany({ where: { serverId } }),
  };
}
