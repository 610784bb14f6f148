// A server of the actor's installation, or 404: an id from another organization is as unknown as
// an id that never existed.
import type { GhesServer } from "@prisma/client";
import type { Database } from "../db/open-database.js";
import { HttpError } from "../http/http-error.js";
import type { Actor } from "./server-services.js";

export async function findServer(db: Pick<Database, "prisma">, actor: Actor, serverId: string): Promise<GhesServer> {
  const server = await db.prisma.ghesServer.findFirst({ where: { id: serverId, installationId: actor.installation.id } });
  if (!server) throw new HttpError(404, `No server ${serverId} is registered on ${actor.installation.login}`);
  return server;
}
