// The servers of one installation, in a stable order (host name).
import type { Database } from "../db/open-database.js";
import type { Actor } from "./server-services.js";
import { toServerView, type ServerView } from "./server-view.js";

export async function listServers(db: Pick<Database, "prisma">, actor: Actor): Promise<ServerView[]> {
  const servers = await db.prisma.ghesServer.findMany({ where: { installationId: actor.installation.id }, orderBy: { hostname: "asc" } });
  return servers.map(toServerView);
}
