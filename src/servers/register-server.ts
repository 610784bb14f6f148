// Registers a GHES instance for an organization. With a token, the token must prove a site
// administrator (verifySiteAdminToken) before anything is stored, and is stored sealed; without
// one the server is upload-only. Sync starts "disabled": enabling is a separate, explicit act.
import { Prisma } from "@prisma/client";
import { recordAudit } from "../audit/record-audit.js";
import { assertHostNotForbidden, defaultGhesApiUrl, GhesUrlError, parseGhesApiUrl } from "../ghes/ghes-url.js";
import { GHES_TOKEN_PURPOSE } from "../ghes/ghes-token.js";
import { verifySiteAdminToken } from "../ghes/verify-site-admin-token.js";
import { HttpError } from "../http/http-error.js";
import type { RegisterServerInput } from "./server-input.js";
import type { Actor, ServerServices } from "./server-services.js";
import { toServerView, type ServerView } from "./server-view.js";
import { tokenRefused } from "./token-refused.js";

export async function registerServer(services: ServerServices, actor: Actor, input: RegisterServerInput): Promise<ServerView> {
  const { db, box, secrets, now } = services;
  secrets.add(input.token);
  const endpoint = await checkedEndpoint(services, input.api_url ?? defaultGhesApiUrl(input.hostname));
  const installationId = actor.installation.id;

  const existing = await db.prisma.ghesServer.findUnique({ where: { installationId_hostname: { installationId, hostname: input.hostname } } });
  if (existing) throw alreadyRegistered(input.hostname, actor, existing.id);

  let verified: { login: string; version: string | null } | null = null;
  if (input.token !== undefined) {
    const result = await verifySiteAdminToken(services.transport, endpoint.apiUrl, input.token);
    if (!result.ok) throw tokenRefused(result);
    verified = result;
  }

  try {
    const server = await db.prisma.ghesServer.create({
      data: {
        installationId,
        hostname: input.hostname,
        apiUrl: endpoint.apiUrl,
        version: verified?.version ?? null,
        licenseSync: "disabled",
        tokenSealed: input.token !== undefined ? box.seal(input.token, GHES_TOKEN_PURPOSE) : null,
        tokenLogin: verified?.login ?? null,
        registeredBy: actor.login,
      },
    });
    await recordAudit(db, {
      installationId,
      at: now(),
      actor: actor.login,
      action: "server.registered",
      target: server.hostname,
      requestId: actor.requestId,
      clientIp: actor.clientIp,
      details: { server_id: server.id, api_url: server.apiUrl, mode: server.tokenSealed ? "api" : "upload-only" },
    });
    return toServerView(server);
  } catch (error) {
    // Two owners registering the same host at once: the unique index decides, the loser hears why.
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") throw alreadyRegistered(input.hostname, actor);
    throw error;
  }
}

export async function checkedEndpoint(services: ServerServices, apiUrl: string): Promise<{ apiUrl: string }> {
  try {
    const endpoint = parseGhesApiUrl(apiUrl, { allowHttp: services.allowHttp });
    await assertHostNotForbidden(endpoint.hostname, services.lookup);
    return endpoint;
  } catch (error) {
    if (error instanceof GhesUrlError) throw new HttpError(422, `api_url ${error.message}`, [{ path: "api_url", message: error.message }]);
    throw error;
  }
}

function alreadyRegistered(hostname: string, actor: Actor, id?: string): HttpError {
  return new HttpError(409, `${hostname} is already registered on ${actor.installation.login}${id ? ` (server ${id})` : ""}`, [
    { path: "hostname", message: "is already registered" },
  ]);
}
