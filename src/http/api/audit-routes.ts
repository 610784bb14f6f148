// The audit trail's reading side: `GET …/audit-log?action=&actor=&per_page=&page=`, owners only,
// newest first, paged like GitHub's API.
import { z } from "zod";
import { listAuditEntries } from "../../audit/list-audit-entries.js";
import type { Auth } from "../../auth/create-auth.js";
import { requireOwner } from "../../auth/require-owner.js";
import { HttpError } from "../http-error.js";
import { linkHeader, readPaging } from "../paging.js";
import { fieldErrors } from "../read-json-body.js";
import { sendJson } from "../respond.js";
import type { Router } from "../router.js";

const filterSchema = z.object({
  action: z.string().trim().min(1, "must not be empty").max(100, "is too long").optional(),
  actor: z.string().trim().min(1, "must not be empty").max(100, "is too long").optional(),
});

export function registerAuditRoutes(router: Router, auth: Auth): void {
  router.get("/api/enterprises/:enterprise/audit-log", async (ctx) => {
    const { installation } = await requireOwner(ctx.req, auth, ctx.params.enterprise!);
    const paging = readPaging(ctx.url);
    const parsed = filterSchema.safeParse({
      action: ctx.url.searchParams.get("action") ?? undefined,
      actor: ctx.url.searchParams.get("actor") ?? undefined,
    });
    if (!parsed.success) throw new HttpError(422, "Invalid audit-log filter", fieldErrors(parsed.error));
    const { total, entries } = await listAuditEntries(auth.deps.db, installation.id, parsed.data, { offset: paging.offset, limit: paging.perPage });
    const link = linkHeader(ctx.url, paging, total);
    sendJson(ctx.res, 200, { total_count: total, audit_entries: entries }, link ? { link } : {});
  });
}
