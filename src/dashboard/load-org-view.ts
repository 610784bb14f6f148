// Everything the organization page shows, read with the services the JSON API uses (settings,
// usage history, server view) plus paged people lists. Bounded: a page of people, the servers,
// each server's latest upload and the weekly points (kept `retention_days`, so about 60).
import type { Installation } from "@prisma/client";
import type { Database } from "../db/open-database.js";
import { seatsPurchasedValue } from "../licenses/read-consumed-licenses.js";
import { usageHistory, type UsagePointView } from "../reports/usage-history.js";
import { toServerView, type ServerView } from "../servers/server-view.js";
import { loadSettings } from "../settings/load-settings.js";
import { searchPeople, unmatchedPeople, type PeoplePage } from "./people-pages.js";

export type LatestUpload = { name: string; state: string; error: string | null; rows: number | null; createdAt: Date };

export type LatestRun = { kind: string; status: string; queuedAt: Date; error: string | null };

export type DashboardServer = ServerView & {
  source: "usage uploaded" | "usage synced" | "never synced";
  pausedReason: string | null;
  latestUpload: LatestUpload | null;
  /** the newest run, so "Sync now" shows as queued, then running, then its outcome */
  latestRun: LatestRun | null;
};

export type OrgView = {
  login: string;
  totals: { consumed: number; purchased: number | string | null; ghecOnly: number; ghesOnly: number; both: number; unmatched: number; computedAt: Date } | null;
  seatThreshold: number;
  servers: DashboardServer[];
  usage: UsagePointView[];
  unmatched: PeoplePage;
  search: { query: string; results: PeoplePage } | null;
};

export type OrgViewQuery = { unmatchedPage: number; query: string; searchPage: number };

export async function loadOrgView(db: Database, installation: Installation, q: OrgViewQuery): Promise<OrgView> {
  const recount = installation.currentRecountId ? await db.prisma.recount.findUnique({ where: { id: installation.currentRecountId } }) : null;
  const recountId = recount?.id ?? null;
  const [settings, servers, { usage }, unmatched, results] = await Promise.all([
    loadSettings(db, installation.id),
    db.prisma.ghesServer.findMany({
      where: { installationId: installation.id },
      orderBy: { hostname: "asc" },
      include: {
        uploads: { orderBy: { createdAt: "desc" }, take: 1, omit: { content: true } },
        syncRuns: { orderBy: { queuedAt: "desc" }, take: 1, select: { kind: true, status: true, queuedAt: true, error: true } },
      },
    }),
    usageHistory(db, installation.id),
    unmatchedPeople(db, recountId, q.unmatchedPage),
    q.query.trim() ? searchPeople(db, recountId, q.query, q.searchPage) : Promise.resolve(null),
  ]);
  return {
    login: installation.login,
    totals: recount
      ? {
          consumed: recount.totalConsumed,
          purchased: recount.totalPurchased === null ? null : seatsPurchasedValue(recount.totalPurchased),
          ghecOnly: recount.ghecOnly,
          ghesOnly: recount.ghesOnly,
          both: recount.both,
          unmatched: recount.unmatched,
          computedAt: recount.computedAt,
        }
      : null,
    seatThreshold: settings.alerts.seat_threshold,
    servers: servers.map(({ uploads, syncRuns, ...server }) => {
      const upload = uploads[0];
      return {
        ...toServerView(server),
        source: server.lastSyncSource === "uploaded" ? "usage uploaded" : server.lastSyncSource === "synced" ? "usage synced" : "never synced",
        pausedReason: server.pausedReason,
        latestUpload: upload ? { name: upload.name, state: upload.state, error: upload.error, rows: upload.rows, createdAt: upload.createdAt } : null,
        latestRun: syncRuns[0] ?? null,
      };
    }),
    usage,
    unmatched,
    search: results ? { query: q.query.trim(), results } : null,
  };
}
