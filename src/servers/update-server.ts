// The seed's "Server can sync user license count and usage" switch, and token rotation. Enabling
// needs a stored (or newly sent) token; a new token is verified like at registration. The owner
// who enables or stores a token becomes the registrant, which also confirms a server paused
// because its previous registrant stopped being an owner.
import type { Prisma } from "@prisma/client";
import { GHES_TOKEN_PURPOSE } from "../ghes/ghes-token.js";
import { verifySiteAdminToken } from "../ghes/verify-site-admin-token.js";
import { HttpError } from "../http/http-error.js";
import { REGISTRANT_NOT_OWNER } from "../installations/pause-registrant-servers.js";
import type { UpdateServerInput } from "./server-input.js";
import type { Actor, ServerServices } from "./server-services.js";
import { findServer } from "./find-server.js";
import { toServerView, type ServerView } from "./server-view.js";
import { tokenRefused } from "./token-refused.js";

export async function updateServer(services: ServerServices, actor: Actor, serverId: string, input: UpdateServerInput): Promise<ServerView> {
  const { db, box, secrets, now } = services;
  secrets.add(input.token);
  const server = await findServer(db, actor, serverId);

  if (input.license_sync === "enabled" && input.token === undefined && !server.tokenSealed) {
    throw new HttpError(422, `${server.hostname} is upload-only: store a site-admin token (PATCH with token) before enabling license sync`, [
      { path: "license_sync", message: "needs a stored GHES site-admin token" },
    ]);
  }

  const data: Prisma.GhesServerUpdateInput = {};
  const changes: Record<string, unknown> = {};
  if (input.token !== undefined) {
    const result = await verifySiteAdminToken(services.transport, server.apiUrl, input.token);
    if (!result.ok) throw tokenRefused(result);
    Object.assign(data, { tokenSealed: box.seal(input.token, GHES_TOKEN_PURPOSE), tokenLogin: result.login, version: result.version ?? server.version, pausedReason: null, registeredBy: actor.login });
    changes.token = "replaced";
  }
  if (input.license_sync !== undefined) {
    data.licenseSync = input.license_sync;
    changes.license_sync = input.license_sync;
    if (input.license_sync === "enabled" && server.pausedReason === REGISTRANT_NOT_OWNER) {
      Object.assign(data, { pausedReason: null, registeredBy: actor.login });
      changes.confirmed = { previous_registrant: server.registeredBy };
    }
  }

  const updated = await db.prisma.ghesServer.update({ where: { id: server.id }, data });
  await db.prisma.auditEntry.create({
    data: { installationId: actor.installation.id, at: now(), actor: actor.login, action: "server.updated", target: server.hostname, details: { server_id: server.id, ...changes } as Prisma.InputJsonObject },
  });
  return toServerView(updated);
}
