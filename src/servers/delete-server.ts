// Forgets a server: its row and sealed token, and by cascade its user snapshots, runs and uploads.
import { auditEntryData } from "../audit/record-audit.js";
import type { Database } from "../db/open-database.js";
import { findServer } from "./find-server.js";
import type { Actor } from "./server-services.js";

export async function deleteServer(db: Pick<Database, "prisma">, actor: Actor, serverId: string, now: Date): Promise<void> {
  const server = await findServer(db, actor, serverId);
  await db.prisma.$transaction([
    db.prisma.ghesServer.delete({ where: { id: server.id } }),
    db.prisma.auditEntry.create({
      data: auditEntryData({
        installationId: actor.installation.id,
        at: now,
        actor: actor.login,
        action: "server.deleted",
        target: server.hostname,
        requestId: actor.requestId,
        clientIp: actor.clientIp,
        details: { server_id: server.id },
      }),
    }),
  ]);
}
