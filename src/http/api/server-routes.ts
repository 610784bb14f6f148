// The server routes: list, register, switch/rotate and forget GHES servers. Thin: authorize,
// read input, call the service, answer.
import type { Auth } from "../../auth/create-auth.js";
import { requireOwner } from "../../auth/require-owner.js";
import { deleteServer } from "../../servers/delete-server.js";
import { listServers } from "../../servers/list-servers.js";
import { registerServer } from "../../servers/register-server.js";
import { registerServerInput, updateServerInput } from "../../servers/server-input.js";
import type { Actor, ServerServices } from "../../servers/server-services.js";
import { updateServer } from "../../servers/update-server.js";
import { requestOrigin } from "../request-origin.js";
import { HttpError } from "../http-error.js";
import { readJsonBody } from "../read-json-body.js";
import { sendJson } from "../respond.js";
import type { RouteContext, Router } from "../router.js";

const SERVERS = "/api/enterprises/:enterprise/servers";

export type RouteLog = { info(obj: object, msg: string): void; warn(obj: object, msg: string): void };

export function registerServerRoutes(router: Router, auth: Auth, services: ServerServices, fallbackLog: RouteLog): void {
  const owner = async (ctx: RouteContext): Promise<Actor> => {
    const { user, installation } = await requireOwner(ctx.req, auth, ctx.params.enterprise!);
    return { login: user.login, installation, ...requestOrigin(ctx) };
  };

  router.get(SERVERS, async (ctx) => {
    const actor = await owner(ctx);
    sendJson(ctx.res, 200, { servers: await listServers(services.db, actor) });
  });

  // Refusals of a GHES token are logged with their reason (never the token) for whoever
  // troubleshoots a registration; the secret registry scrubs the token should it ever slip in.
  // Logged through the request's logger (its lines carry the request id) when the router gives one.
  const logged = async <T>(act: { verb: string; done: string }, actor: Actor, work: () => Promise<T>, log: RouteLog = fallbackLog): Promise<T> => {
    const fields = { org: actor.installation.login, by: actor.login };
    try {
      const result = await work();
      log.info(fields, `${actor.login} ${act.done} on ${actor.installation.login}`);
      return result;
    } catch (error) {
      if (error instanceof HttpError && error.status === 422) {
        log.warn({ ...fields, errors: error.errors }, `${actor.login} could not ${act.verb} on ${actor.installation.login}: ${error.message}`);
      }
      throw error;
    }
  };

  router.on("POST", SERVERS, async (ctx) => {
    const actor = await owner(ctx);
    const input = await readJsonBody(ctx.req, registerServerInput);
    const server = await logged({ verb: `register ${input.hostname}`, done: `registered ${input.hostname}` }, actor, () => registerServer(services, actor, input), ctx.log);
    sendJson(ctx.res, 201, server, { location: `/api/enterprises/${encodeURIComponent(actor.installation.login)}/servers/${server.id}` });
  });

  router.on("PATCH", `${SERVERS}/:id`, async (ctx) => {
    const actor = await owner(ctx);
    const input = await readJsonBody(ctx.req, updateServerInput);
    const server = await logged({ verb: `update server ${ctx.params.id!}`, done: `updated server ${ctx.params.id!}` }, actor, () => updateServer(services, actor, ctx.params.id!, input), ctx.log);
    sendJson(ctx.res, 200, server);
  });

  router.on("DELETE", `${SERVERS}/:id`, async (ctx) => {
    const actor = await owner(ctx);
    await logged({ verb: `delete server ${ctx.params.id!}`, done: `deleted server ${ctx.params.id!}` }, actor, () => deleteServer(services.db, actor, ctx.params.id!, services.now()), ctx.log);
    ctx.res.writeHead(204, { "cache-control": "no-store" });
    ctx.res.end();
  });
}
