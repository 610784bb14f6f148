// contract.md "HTTP API": list, register, switch/rotate and forget GHES servers. Thin: authorize,
// read input, call the service, answer.
import type { Auth } from "../../auth/create-auth.js";
import { requireOwner } from "../../auth/require-owner.js";
import { deleteServer } from "../../servers/delete-server.js";
import { listServers } from "../../servers/list-servers.js";
import { registerServer } from "../../servers/register-server.js";
import { registerServerInput, updateServerInput } from "../../servers/server-input.js";
import type { Actor, ServerServices } from "../../servers/server-services.js";
import { updateServer } from "../../servers/update-server.js";
import { readJsonBody } from "../read-json-body.js";
import { sendJson } from "../respond.js";
import type { RouteContext, Router } from "../router.js";

const SERVERS = "/api/enterprises/:enterprise/servers";

export function registerServerRoutes(router: Router, auth: Auth, services: ServerServices): void {
  const owner = async ({ req, params }: RouteContext): Promise<Actor> => {
    const { user, installation } = await requireOwner(req, auth, params.enterprise!);
    return { login: user.login, installation };
  };

  router.get(SERVERS, async (ctx) => {
    const actor = await owner(ctx);
    sendJson(ctx.res, 200, { servers: await listServers(services.db, actor) });
  });

  router.on("POST", SERVERS, async (ctx) => {
    const actor = await owner(ctx);
    const input = await readJsonBody(ctx.req, registerServerInput);
    const server = await registerServer(services, actor, input);
    sendJson(ctx.res, 201, server, { location: `/api/enterprises/${encodeURIComponent(actor.installation.login)}/servers/${server.id}` });
  });

  router.on("PATCH", `${SERVERS}/:id`, async (ctx) => {
    const actor = await owner(ctx);
    const input = await readJsonBody(ctx.req, updateServerInput);
    sendJson(ctx.res, 200, await updateServer(services, actor, ctx.params.id!, input));
  });

  router.on("DELETE", `${SERVERS}/:id`, async (ctx) => {
    const actor = await owner(ctx);
    await deleteServer(services.db, actor, ctx.params.id!, services.now());
    ctx.res.writeHead(204, { "cache-control": "no-store" });
    ctx.res.end();
  });
}
