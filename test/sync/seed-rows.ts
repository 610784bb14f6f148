// Rows the sync tests start from: an installation and its GHES servers, written with Prisma.
import type { PrismaClient } from "@prisma/client";

export async function seedInstallation(prisma: PrismaClient, login = "octo-org"): Promise<number> {
  const installation = await prisma.installation.create({
    data: { githubInstallationId: 1001n, accountId: 2002n, login, accountType: "Organization", verification: "verified" },
  });
  return installation.id;
}

export async function seedServer(prisma: PrismaClient, installationId: number, hostname: string, license?: object): Promise<string> {
  const server = await prisma.ghesServer.create({
    data: {
      installationId,
      hostname,
      apiUrl: `https://${hostname}/api/v3`,
      registeredBy: "owner",
      licenseSync: "enabled",
      ...(license ? { license } : {}),
    },
  });
  return server.id;
}
