// The organization page's forms. Each one: signed in, form read (bounded), then `requireOwner`
// with the form's `_csrf` (403 without the session's token, before anything changes), then the
// same service the JSON API calls, the same audit entry (with the request id), then 303 back to
// the page with a notice code.
import { recordAudit } from "../audit/record-audit.js";
import type { Auth } from "../auth/create-auth.js";
import { hasValidCsrfToken } from "../auth/csrf.js";
import { requireOwner } from "../auth/require-owner.js";
import { HttpError } from "../http/http-error.js";
import type { RouteContext, Router } from "../http/router.js";
import { SyncRefusedError, type JobSystem } from "../jobs/index.js";
import { parseIdentityMappings, replaceIdentityMappings } from "../licenses/identity-mappings.js";
import { fieldErrors } from "../http/read-json-body.js";
import { requestOrigin } from "../http/request-origin.js";
import { updateServerInput } from "../servers/server-input.js";
import type { ServerServices } from "../servers/server-services.js";
import { updateServer } from "../servers/update-server.js";
import { uploadName } from "../http/api/upload-view.js";
import { acceptUpload } from "../sync/accept-upload.js";
import { decodeText } from "../http/read-text-body.js";
import { MAX_UPLOAD_BYTES } from "../sync/receive-upload.js";
import { dashboardRoute } from "./dashboard-route.js";
import { readForm } from "./read-form.js";
import { readMultipartFile } from "./read-multipart-file.js";
import { redirectBack } from "./send-page.js";

const MAPPINGS_LIMIT_BYTES = 8 * 1024 * 1024;

export type DashboardLog = { error(obj: object, msg: string): void };

export function registerDashboardActions(router: Router, auth: Auth, engine: JobSystem | null, log?: DashboardLog): void {
  const { db, box, secrets, now } = auth.deps;
  // The switch never sends a token, so updateServer never reaches a GHES instance from here.
  const services: ServerServices = {
    db, box, secrets, now, allowHttp: auth.deps.config.ghesAllowHttp,
    transport: { get: () => Promise.reject(new Error("the dashboard does not verify GHES tokens")), close: () => undefined },
  };
  const back = (ctx: RouteContext, login: string, notice: string) => redirectBack(ctx.res, `/license-sync/${encodeURIComponent(login)}?notice=${notice}`);
  const serverOf = async (installationId: number, login: string, id: string) => {
    const server = await db.prisma.ghesServer.findFirst({ where: { id, installationId }, select: { id: true, hostname: true } });
    if (!server) throw new HttpError(404, `No server ${id} is registered on ${login}`);
    return server;
  };
  const audit = (ctx: RouteContext, installationId: number, actor: string, action: string, target: string, details: Record<string, unknown>) =>
    recordAudit(db, { installationId, actor, action, target, details, at: now(), ...requestOrigin(ctx) });
  const SERVER = "/license-sync/:org/servers/:id";

  router.on("POST", `${SERVER}/license-sync`, dashboardRoute(auth, async (ctx) => {
    const form = await readForm(ctx.req);
    const { user, installation } = await requireOwner(ctx.req, auth, ctx.params.org!, { csrfToken: form.get("_csrf") ?? "" });
    const input = updateServerInput.safeParse({ license_sync: form.get("license_sync") ?? undefined });
    if (!input.success) throw new HttpError(422, "The switch was not changed", fieldErrors(input.error));
    await updateServer(services, { login: user.login, installation, ...requestOrigin(ctx) }, ctx.params.id!, input.data);
    back(ctx, installation.login, `switch-${input.data.license_sync!}`);
  }));

  router.on("POST", `${SERVER}/sync`, dashboardRoute(auth, async (ctx) => {
    const form = await readForm(ctx.req);
    const { user, installation } = await requireOwner(ctx.req, auth, ctx.params.org!, { csrfToken: form.get("_csrf") ?? "" });
    const server = await serverOf(installation.id, installation.login, ctx.params.id!);
    if (!engine) throw new HttpError(503, "This replica does not run the sync engine");
    try {
      const run = await engine.enqueueServerSync(server.id, { kind: "manual", triggeredBy: user.login });
      await audit(ctx, installation.id, user.login, "sync.started", server.hostname, { server_id: server.id, run_id: run.runId });
    } catch (error) {
      if (error instanceof SyncRefusedError) throw new HttpError(error.reason === "not_found" ? 404 : 409, error.message);
      throw error;
    }
    back(ctx, installation.login, "sync-queued");
  }));

  router.on("POST", `${SERVER}/usage-uploads`, dashboardRoute(auth, async (ctx, session) => {
    const form = await readMultipartFile(ctx.req, MAX_UPLOAD_BYTES, (fields) => hasValidCsrfToken(ctx.req, session, fields.get("_csrf") ?? ""));
    const { user, installation } = await requireOwner(ctx.req, auth, ctx.params.org!, { csrfToken: form.fields.get("_csrf") ?? "" });
    const server = await serverOf(installation.id, installation.login, ctx.params.id!);
    if (!form.file || form.file.content.length === 0) throw new HttpError(422, "Choose the all_users.csv file to upload");
    decodeText(form.file.content, "The file");
    const receipt = await acceptUpload({ db, now, engine, log: log ?? ctx.log }, {
      installationId: installation.id,
      serverId: server.id,
      name: uploadName(form.file.name, undefined),
      content: form.file.content,
      uploadedBy: user.login,
    });
    await audit(ctx, installation.id, user.login, "upload.received", server.hostname, { server_id: server.id, upload_id: receipt.id, name: receipt.name, bytes: form.file.content.length });
    back(ctx, installation.login, "upload-received");
  }));

  router.on("POST", "/license-sync/:org/identity-mappings", dashboardRoute(auth, async (ctx, session) => {
    const form = await readMultipartFile(ctx.req, MAPPINGS_LIMIT_BYTES, (fields) => hasValidCsrfToken(ctx.req, session, fields.get("_csrf") ?? ""));
    const { user, installation } = await requireOwner(ctx.req, auth, ctx.params.org!, { csrfToken: form.fields.get("_csrf") ?? "" });
    if (!form.file) throw new HttpError(422, "Choose the identity mappings CSV to upload");
    const { mappings, errors } = parseIdentityMappings(decodeText(form.file.content, "The file"));
    if (errors.length > 0) throw new HttpError(422, "The identity mappings were not changed", errors);
    const count = await replaceIdentityMappings(db, installation.id, mappings, user.login);
    await audit(ctx, installation.id, user.login, "identity_mappings.replaced", installation.login, { mappings: count });
    await engine?.enqueueRecount(installation.id);
    back(ctx, installation.login, "mappings-saved");
  }));
}
