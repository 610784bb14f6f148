import { randomBytes } from "node:crypto";
import { afterEach, beforeEach, expect, it } from "vitest";
import { createSecretBox } from "../../src/crypto/secret-box.js";
import { createGhesTransport } from "../../src/ghes/ghes-transport.js";
import { GHES_TOKEN_PURPOSE } from "../../src/ghes/ghes-token.js";
import { SyncRefusedError, TokenRejectedError } from "../../src/jobs/errors.js";
import { SecretRegistry } from "../../src/logging/secret-registry.js";
import { syncGhesServer, type GhesServerSyncDeps } from "../../src/sync/sync-ghes-server.js";
import { startGhesStandIn, type GhesStandIn } from "../support/ghes-stand-in.js";
import { seedInstallation } from "../support/job-fixtures.js";
import { describeEachDatabase } from "../support/test-database.js";

const TOKEN = "ghp_siteAdminSyncToken00000000000003";
const HEADER = "created_at,id,login,email,role,suspended?,last_logged_ip,repos,ssh_keys,org_memberships,dormant?,last_active,raw_login,2fa_enabled?";
const row = (id: number, login: string, email: string, suspended = false) =>
  `2020-01-0${(id % 9) + 1} 10:00:00 UTC,${id},${login},${email},user,${suspended},10.0.0.1,1,0,1,false,2026-11-01 10:00:00 UTC,${login},true`;
const REPORT = [HEADER, row(1, "ada", "Ada@Example.com"), row(2, "grace", "grace@example.com"), row(3, "old", "old@example.com", true)].join("\r\n");

describeEachDatabase("syncGhesServer", (db) => {
  let ghes: GhesStandIn;
  const box = createSecretBox(randomBytes(32));
  const run = (serverId: string) => ({ id: "00000000-0000-4000-8000-000000000001", installationId: 0, serverId, kind: "manual", attempt: 1, triggeredBy: null });

  beforeEach(async () => {
    ghes = await startGhesStandIn({
      accounts: { [TOKEN]: { login: "site-admin", siteAdmin: true, scopes: ["site_admin"] } },
      report: REPORT,
      reportPendingTimes: 1,
    });
  });
  afterEach(async () => ghes.close());

  function deps(overrides: Partial<GhesServerSyncDeps> = {}): GhesServerSyncDeps {
    return {
      db: db(),
      box,
      secrets: new SecretRegistry(),
      transport: createGhesTransport({ allowHttp: true, timeoutMs: 2_000 }),
      polling: { initialDelayMs: 1, sleep: async () => undefined },
      ...overrides,
    };
  }

  async function seedServer(token: string | null = TOKEN): Promise<string> {
    const installationId = await seedInstallation(db());
    const server = await db().prisma.ghesServer.create({
      data: {
        installationId,
        hostname: "ghes.example.com",
        apiUrl: ghes.apiUrl,
        licenseSync: "enabled",
        tokenSealed: token ? box.seal(token, GHES_TOKEN_PURPOSE) : null,
        tokenLogin: "site-admin",
        registeredBy: "owner",
      },
    });
    return server.id;
  }

  const users = async (serverId: string) => {
    const server = await db().prisma.ghesServer.findUniqueOrThrow({ where: { id: serverId } });
    if (!server.currentSnapshotId) return [];
    return db().prisma.ghesUser.findMany({ where: { snapshotId: server.currentSnapshotId }, orderBy: { ghesId: "asc" } });
  };

  it("pulls the license and the report and makes them the server's data in force", async () => {
    const serverId = await seedServer();
    const secrets = new SecretRegistry();
    expect(await syncGhesServer(deps({ secrets }), serverId, run(serverId))).toEqual({ usersSeen: 3 });

    const stored = await users(serverId);
    expect(stored.map((u) => [u.login, u.emailNormalized, u.suspended])).toEqual([
      ["ada", "ada@example.com", false],
      ["grace", "grace@example.com", false],
      ["old", "old@example.com", true],
    ]);
    const server = await db().prisma.ghesServer.findUniqueOrThrow({ where: { id: serverId } });
    expect(server.license).toMatchObject({ seats: 500, seats_used: 12 });
    expect(server.lastSyncSource).toBe("synced");
    // The token was opened for the pull, so the logger knows to scrub it.
    expect(secrets.scrub(`token ${TOKEN}`)).toBe("token [secret]");
  });

  it("keeps the last good snapshot when a later pull fails halfway through the report", async () => {
    const serverId = await seedServer();
    await syncGhesServer(deps(), serverId, run(serverId));
    const before = await users(serverId);

    // The connection drops after part of the body: the parser must not take the half as the whole.
    ghes.override("/stafftools/reports/all_users.csv", (_req, res) => {
      res.writeHead(200, { "content-type": "text/csv" });
      res.write(`${HEADER}\n${row(9, "new", "new@example.com")}\n`);
      setTimeout(() => res.socket?.destroy(), 20);
    });
    await expect(syncGhesServer(deps(), serverId, run(serverId))).rejects.toThrow();
    expect(await users(serverId)).toEqual(before);
    expect(await db().prisma.userSnapshot.count({ where: { serverId } })).toBe(1);
  });

  it("keeps the last good snapshot when the report is malformed, naming the line", async () => {
    const serverId = await seedServer();
    await syncGhesServer(deps(), serverId, run(serverId));
    ghes.override("/stafftools/reports/all_users.csv", (_req, res) => {
      res.writeHead(200, { "content-type": "text/csv" });
      res.end(`${HEADER}\n${row(1, "ada", "ada@example.com")}\nnot-a-date,x,,,\n`);
    });
    await expect(syncGhesServer(deps(), serverId, run(serverId))).rejects.toThrow(/line 3/);
    expect((await users(serverId)).map((u) => u.login)).toEqual(["ada", "grace", "old"]);
  });

  it("turns a rejected token into TokenRejectedError (no retry), without the token in the message", async () => {
    const serverId = await seedServer("ghp_revokedToken000000000000000000000");
    const error = await syncGhesServer(deps(), serverId, run(serverId)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TokenRejectedError);
    expect(String((error as Error).message)).toMatch(/ghes\.example\.com rejected the stored token \(401\)/);
    expect(String((error as Error).message)).not.toContain("ghp_revokedToken");
  });

  it("refuses an upload-only server and pauses one whose registrant is no longer an owner", async () => {
    const uploadOnly = await seedServer(null);
    await expect(syncGhesServer(deps(), uploadOnly, run(uploadOnly))).rejects.toThrow(SyncRefusedError);

    const serverId = await seedServer();
    const checkRegistrant = async () => "registrant is no longer an owner";
    await expect(syncGhesServer(deps({ checkRegistrant }), serverId, run(serverId))).rejects.toThrow(/paused: registrant is no longer an owner/);
    const server = await db().prisma.ghesServer.findUniqueOrThrow({ where: { id: serverId } });
    expect(server.pausedReason).toBe("registrant is no longer an owner");
    expect(ghes.requests.filter((r) => r.path.startsWith("/stafftools"))).toHaveLength(0);
  });
});
