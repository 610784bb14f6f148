// A current owner takes over a server paused because its registrant is no longer an owner: the
// pause is lifted and the confirming owner becomes the registrant that later checks look at.
// The caller (the API) has already established that `ownerLogin` is an active owner.
import type { GhesServer } from "@prisma/client";
import type { Database } from "../db/open-database.js";
import { REGISTRANT_NOT_OWNER } from "./pause-registrant-servers.js";
import { recordGithubAudit } from "./record-github-audit.js";

export type ConfirmServerResult =
  | { kind: "confirmed"; server: GhesServer }
  /** not paused for its registrant (not paused at all, or for another reason such as a rejected token) */
  | { kind: "not-paused-for-registrant"; server: GhesServer }
  | { kind: "not-found" };

export type ConfirmOptions = { now?: Date; /** refuse a server of another installation as not found */ installationId?: number };

export async function confirmServer(
  db: Pick<Database, "prisma">,
  serverId: string,
  ownerLogin: string,
  options: ConfirmOptions = {},
): Promise<ConfirmServerResult> {
  const now = options.now ?? new Date();
  const server = await db.prisma.ghesServer.findUnique({ where: { id: serverId } });
  if (!server || (options.installationId !== undefined && server.installationId !== options.installationId)) return { kind: "not-found" };
  if (server.pausedReason !== REGISTRANT_NOT_OWNER) return { kind: "not-paused-for-registrant", server };
  const { count } = await db.prisma.ghesServer.updateMany({
    where: { id: serverId, pausedReason: REGISTRANT_NOT_OWNER },
    data: { pausedReason: null, registeredBy: ownerLogin },
  });
  const updated = await db.prisma.ghesServer.findUniqueOrThrow({ where: { id: serverId } });
  if (count === 0) return { kind: "not-paused-for-registrant", server: updated };
  await recordGithubAudit(db, {
    installationId: server.installationId,
    actor: ownerLogin,
    action: "server.confirmed",
    target: server.hostname,
    details: { previous_registrant: server.registeredBy },
    at: now,
  });
  return { kind: "confirmed", server: updated };
}
