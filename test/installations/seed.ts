// Rows the installation and webhook tests start from, shaped like the webhook fixtures' organization.
import type { GhesServer, Installation, Prisma } from "@prisma/client";
import type { Database } from "../../src/db/open-database.js";

export const FIXTURE_INSTALLATION_ID = 957387;
export const FIXTURE_ORG = { login: "acme-corp", id: 38302899 };
export const FIXTURE_OWNER = "octo-owner";

export async function seedInstallation(db: Database, data: Partial<Prisma.InstallationUncheckedCreateInput> = {}): Promise<Installation> {
  return db.prisma.installation.create({
    data: {
      githubInstallationId: BigInt(FIXTURE_INSTALLATION_ID),
      accountId: BigInt(FIXTURE_ORG.id),
      login: FIXTURE_ORG.login,
      accountType: "Organization",
      verification: "verified",
      installedBy: FIXTURE_OWNER,
      ...data,
    },
  });
}

let serial = 0;

export async function seedServer(
  db: Database,
  installationId: number,
  data: Partial<Prisma.GhesServerUncheckedCreateInput> = {},
): Promise<GhesServer> {
  serial += 1;
  const hostname = data.hostname ?? `ghes-${serial}.acme.test`;
  return db.prisma.ghesServer.create({
    data: {
      installationId,
      hostname,
      apiUrl: `https://${hostname}/api/v3`,
      registeredBy: FIXTURE_OWNER,
      licenseSync: "enabled",
      tokenSealed: "v1.sealed-token-stand-in",
      tokenLogin: "ghes-admin",
      ...data,
    },
  });
}

/** Rows that hang off an installation, to prove a purge removes them and a deletion keeps them. */
export async function seedUsageData(db: Database, installationId: number, serverId: string): Promise<void> {
  const snapshot = await db.prisma.userSnapshot.create({ data: { serverId, source: "synced", userCount: 1 } });
  await db.prisma.ghesUser.create({ data: { snapshotId: snapshot.id, ghesId: 1, login: "mona", email: "mona@acme.test", emailNormalized: "mona@acme.test" } });
  await db.prisma.usagePoint.create({
    data: { installationId, weekStart: new Date("2026-11-23T00:00:00Z"), consumed: 10, purchased: "500", perDeployment: {} },
  });
  await db.prisma.syncRun.create({ data: { installationId, serverId, kind: "scheduled", status: "success" } });
}

export async function countUsageData(db: Database): Promise<{ servers: number; snapshots: number; users: number; points: number; runs: number }> {
  const [servers, snapshots, users, points, runs] = await Promise.all([
    db.prisma.ghesServer.count(),
    db.prisma.userSnapshot.count(),
    db.prisma.ghesUser.count(),
    db.prisma.usagePoint.count(),
    db.prisma.syncRun.count(),
  ]);
  return { servers, snapshots, users, points, runs };
}
