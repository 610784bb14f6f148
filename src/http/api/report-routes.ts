// The read side of the API: consumed licenses (JSON, paged; or the CSV export, streamed),
// license-sync status, run history and the weekly usage history. Owners only, like every route.
import { once } from "node:events";
import type { ServerResponse } from "node:http";
import type { Auth } from "../../auth/create-auth.js";
import { requireOwner } from "../../auth/require-owner.js";
import { csvHeader, csvLine } from "../../licenses/consumed-licenses-csv.js";
import { eachConsumedLicense, readConsumedLicenses } from "../../licenses/read-consumed-licenses.js";
import { licenseSyncStatus } from "../../reports/license-sync-status.js";
import { listSyncRuns } from "../../reports/sync-runs.js";
import { usageHistory } from "../../reports/usage-history.js";
import { HttpError } from "../http-error.js";
import { linkHeader, readPaging } from "../paging.js";
import { sendJson } from "../respond.js";
import type { RouteContext, Router } from "../router.js";

const BASE = "/api/enterprises/:enterprise";

export function registerReportRoutes(router: Router, auth: Auth): void {
  const { db } = auth.deps;
  const owner = (ctx: RouteContext) => requireOwner(ctx.req, auth, ctx.params.enterprise!);

  const consumedLicenses = async (ctx: RouteContext, csv: boolean) => {
    const { installation } = await owner(ctx);
    if (csv) return streamCsv(ctx.res, installation.login, eachConsumedLicense(db, installation));
    const paging = readPaging(ctx.url);
    const page = await readConsumedLicenses(db, installation, { offset: paging.offset, limit: paging.perPage });
    const link = linkHeader(ctx.url, paging, page.total_seats_consumed);
    sendJson(ctx.res, 200, page, link ? { link } : {});
  };
  router.get(`${BASE}/consumed-licenses`, (ctx) => consumedLicenses(ctx, wantsCsv(ctx.req.headers.accept)));
  router.get(`${BASE}/consumed-licenses.csv`, (ctx) => consumedLicenses(ctx, true));

  router.get(`${BASE}/license-sync-status`, async (ctx) => {
    const { installation } = await owner(ctx);
    sendJson(ctx.res, 200, await licenseSyncStatus(db, installation));
  });

  router.get(`${BASE}/usage-history`, async (ctx) => {
    const { installation } = await owner(ctx);
    sendJson(ctx.res, 200, await usageHistory(db, installation.id));
  });

  router.get(`${BASE}/sync-runs`, async (ctx) => {
    const { installation } = await owner(ctx);
    const paging = readPaging(ctx.url);
    const serverId = ctx.url.searchParams.get("server_id") ?? undefined;
    if (serverId !== undefined) {
      const server = await db.prisma.ghesServer.findFirst({ where: { id: serverId, installationId: installation.id }, select: { id: true } });
      if (!server) throw new HttpError(404, `No server ${serverId} is registered on ${installation.login}`);
    }
    const { total, runs } = await listSyncRuns(db, installation.id, { serverId }, { offset: paging.offset, limit: paging.perPage });
    const link = linkHeader(ctx.url, paging, total);
    sendJson(ctx.res, 200, { total_count: total, sync_runs: runs }, link ? { link } : {});
  });
}

function wantsCsv(accept: string | undefined): boolean {
  return (accept ?? "").split(",").some((part) => part.trim().toLowerCase().startsWith("text/csv"));
}

async function streamCsv(res: ServerResponse, login: string, rows: AsyncIterable<Record<string, unknown>>): Promise<void> {
  const date = new Date().toISOString().slice(0, 10);
  res.writeHead(200, {
    "content-type": "text/csv; charset=utf-8",
    "content-disposition": `attachment; filename="${login.replace(/[^\w.-]/g, "_")}-consumed-licenses-${date}.csv"`,
    "cache-control": "no-store",
  });
  let chunk = csvHeader();
  for await (const row of rows) {
    chunk += csvLine(row);
    if (chunk.length >= 64 * 1024) {
      if (!res.write(chunk)) await once(res, "drain");
      chunk = "";
    }
  }
  res.end(chunk);
}
