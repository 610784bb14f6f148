// The seed's "Server can sync user license count and usage" switch, and token rotation. Enabling
// needs a stored (or newly sent) token; a new token is verified like at registration. The owner
// who enables or stores a token becomes the registrant, which also confirms a server paused
// because its previous registrant stopped being an owner.
import type { Prisma } from "@prisma/client";
import { auditEntryData, type AuditRecord } from "../audit/record-audit.js";
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
  // One audit entry per act: a token rotation, and the switch turned on or off.
  const acts: Array<{ action: string; details?: Record<string, unknown> }> = [];
  if (input.token !== undefined) {
    const result = await verifySiteAdminToken(services.transport, server.apiUrl, input.token);
    if (!result.ok) throw tokenRefused(result);
    Object.assign(data, { tokenSealed: box.seal(input.token, GHES_TOKEN_PURPOSE), tokenLogin: result.login, version: result.version ?? server.version, pausedReason: null, registeredBy: actor.login });
    acts.push({ action: "server.token_rotated" });
  }
  if (input.license_sync !== undefined) {
    data.licenseSync = input.license_sync;
    const details: Record<string, unknown> = { previous: server.licenseSync };
    if (input.license_sync === "enabled" && server.pausedReason === REGISTRANT_NOT_OWNER) {
      Object.assign(data, { pausedReason: null, registeredBy: actor.login });
      details.confirmed = { previous_registrant: server.registeredBy };
    }
    acts.push({ action: `server.license_sync_${input.license_sync}`, details });
  }

  const at = now();
  const entry = (act: (typeof acts)[number]): AuditRecord => ({
    installationId: actor.installation.id,
    at,
    actor: actor.login,
    action: act.action,
    target: server.hostname,
    requestId: actor.requestId,
    clientIp: actor.clientIp,
    details: { server_id: server.id, ...act.details },
  });
  const [updated] = await db.prisma.$transaction([
    db.prisma.ghesServer.update({ where: { id: server.id }, data }),
    ...acts.map((act) => db.prisma.auditEntry.create({ data: auditEntryData(entry(act)) })),
  ]);
  return toServerView(updated);
}
