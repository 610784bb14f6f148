// The write side of syncing: "Sync now", manual uploads of `all_users.csv`, and the
// owners' identity mappings. Owners only; each answers at once and lets the engine do the work.
import type { Logger } from "pino";
import type { Auth } from "../../auth/create-auth.js";
import { recordAudit } from "../../audit/record-audit.js";
import { requireOwner } from "../../auth/require-owner.js";
import { SyncRefusedError, type JobSystem } from "../../jobs/index.js";
import { parseIdentityMappings, replaceIdentityMappings } from "../../licenses/identity-mappings.js";
import { acceptUpload } from "../../sync/accept-upload.js";
import { MAX_UPLOAD_BYTES } from "../../sync/receive-upload.js";
import { HttpError } from "../http-error.js";
import { readTextBody } from "../read-text-body.js";
import { requestOrigin } from "../request-origin.js";
import { sendJson } from "../respond.js";
import type { RouteContext, Router } from "../router.js";
import { uploadName, uploadView } from "./upload-view.js";

const BASE = "/api/enterprises/:enterprise";
const CSV_TYPES = ["text/csv", "text/plain", "application/csv"];
const MAPPINGS_LIMIT_BYTES = 8 * 1024 * 1024;

export function registerSyncRoutes(router: Router, auth: Auth, engine: JobSystem | null, _log: Logger): void {
  const { db } = auth.deps;
  const owner = (ctx: RouteContext) => requireOwner(ctx.req, auth, ctx.params.enterprise!);
  const serverOf = async (installationId: number, login: string, id: string) => {
    const server = await db.prisma.ghesServer.findFirst({ where: { id, installationId }, select: { id: true, hostname: true } });
    if (!server) throw new HttpError(404, `No server ${id} is registered on ${login}`);
    return server;
  };
  // What an owner did through these routes, with the request that did it.
  const audit = (ctx: RouteContext, installationId: number, actor: string, action: string, target: string | null, details: Record<string, unknown>) =>
    recordAudit(db, { installationId, actor, action, target, details, at: auth.deps.now(), ...requestOrigin(ctx) });
  const requireEngine = () => {
    if (!engine) throw new HttpError(503, "This replica does not run the sync engine");
    return engine;
  };

  router.on("POST", `${BASE}/servers/:id/sync`, async (ctx) => {
    const { user, installation } = await owner(ctx);
    const server = await serverOf(installation.id, installation.login, ctx.params.id!);
    try {
      const run = await requireEngine().enqueueServerSync(ctx.params.id!, { kind: "manual", triggeredBy: user.login });
      await audit(ctx, installation.id, user.login, "sync.started", server.hostname, { server_id: server.id, run_id: run.runId });
      sendJson(ctx.res, 202, { id: run.runId, status: "queued" }, { location: `${BASE.replace(":enterprise", encodeURIComponent(installation.login))}/sync-runs` });
    } catch (error) {
      if (error instanceof SyncRefusedError) throw new HttpError(error.reason === "not_found" ? 404 : 409, error.message);
      throw error;
    }
  });

  router.on("POST", `${BASE}/servers/:id/usage-uploads`, async (ctx) => {
    const { user, installation } = await owner(ctx);
    const server = await serverOf(installation.id, installation.login, ctx.params.id!);
    const text = await readTextBody(ctx.req, CSV_TYPES, MAX_UPLOAD_BYTES);
    const receipt = await acceptUpload({ db, now: auth.deps.now, engine, log: ctx.log }, {
      installationId: installation.id,
      serverId: server.id,
      name: uploadName(ctx.url.searchParams.get("name"), ctx.req.headers["content-disposition"]),
      content: Buffer.from(text, "utf8"),
      uploadedBy: user.login,
    });
    await audit(ctx, installation.id, user.login, "upload.received", server.hostname, { server_id: server.id, upload_id: receipt.id, name: receipt.name, bytes: Buffer.byteLength(text, "utf8") });
    sendJson(ctx.res, 202, { id: receipt.id, name: receipt.name, state: receipt.state });
  });

  router.get(`${BASE}/servers/:id/usage-uploads`, async (ctx) => {
    const { installation } = await owner(ctx);
    const server = await serverOf(installation.id, installation.login, ctx.params.id!);
    const uploads = await db.prisma.upload.findMany({ where: { serverId: server.id }, orderBy: { createdAt: "desc" }, take: 100, omit: { content: true } });
    sendJson(ctx.res, 200, { usage_uploads: uploads.map(uploadView) });
  });

  router.get(`${BASE}/servers/:id/usage-uploads/:uploadId`, async (ctx) => {
    const { installation } = await owner(ctx);
    const server = await serverOf(installation.id, installation.login, ctx.params.id!);
    const upload = await db.prisma.upload.findFirst({ where: { id: ctx.params.uploadId!, serverId: server.id }, omit: { content: true } });
    if (!upload) throw new HttpError(404, `No upload ${ctx.params.uploadId} for ${server.hostname}`);
    sendJson(ctx.res, 200, uploadView(upload));
  });

  router.on("PUT", `${BASE}/identity-mappings`, async (ctx) => {
    const { user, installation } = await owner(ctx);
    const { mappings, errors } = parseIdentityMappings(await readTextBody(ctx.req, CSV_TYPES, MAPPINGS_LIMIT_BYTES));
    if (errors.length > 0) throw new HttpError(422, "The identity mappings were not changed", errors);
    const count = await replaceIdentityMappings(db, installation.id, mappings, user.login);
    await audit(ctx, installation.id, user.login, "identity_mappings.replaced", installation.login, { mappings: count });
    await engine?.enqueueRecount(installation.id);
    sendJson(ctx.res, 200, { mappings: count });
  });

  router.get(`${BASE}/identity-mappings`, async (ctx) => {
    const { installation } = await owner(ctx);
    const rows = await db.prisma.identityMapping.findMany({ where: { installationId: installation.id }, orderBy: { serverKey: "asc" } });
    sendJson(ctx.res, 200, {
      identity_mappings: rows.map((m) => ({ enterprise_server_login_or_email: m.serverKey, github_com_login: m.githubLogin, uploaded_by: m.uploadedBy })),
    });
  });
}
