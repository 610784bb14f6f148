// The owners' dashboard under /license-sync/, rendered on the server, no script.
//   GET  /license-sync/            sign-in link, or the organizations you own
//   GET  /license-sync/{org}       the organization's page (owners only; others get a refusal page)
//   POST /license-sync/{org}/…     the page's forms (see dashboard-actions.ts), CSRF-checked
// Authorization is the API's `requireOwner`; a refusal keeps its status code and shows no data.
import type { IncomingMessage } from "node:http";
import type { Auth } from "../auth/create-auth.js";
import { requireOwner } from "../auth/require-owner.js";
import { readSession } from "../auth/sessions.js";
import { HttpError } from "../http/http-error.js";
import type { Router } from "../http/router.js";
import type { JobSystem } from "../jobs/index.js";
import { registerDashboardActions, type DashboardLog } from "./dashboard-actions.js";
import { dashboardRoute } from "./dashboard-route.js";
import { loadOrgView } from "./load-org-view.js";
import { renderOrgPage } from "./render-org-page.js";
import { page, SECURITY_HEADERS, sendPage, STYLESHEET_PATH } from "./send-page.js";
import { organizationsPage, signInPage } from "./simple-pages.js";
import { DASHBOARD_CSS } from "./styles.js";

/** How many installations the organization list checks ownership of (GitHub is asked for each). */
const MAX_LISTED = 100;

export function registerDashboardRoutes(router: Router, auth: Auth, engine: JobSystem | null, log?: DashboardLog): void {
  const { db } = auth.deps;

  router.get(STYLESHEET_PATH, ({ res }) => {
    res.writeHead(200, { ...SECURITY_HEADERS, "content-type": "text/css; charset=utf-8", "cache-control": "public, max-age=3600" });
    res.end(DASHBOARD_CSS);
  });

  router.get("/license-sync", ({ res }) => {
    res.writeHead(308, { location: "/license-sync/" });
    res.end();
  });

  router.get("/license-sync/", async (ctx) => {
    const session = await readSession(ctx.req, auth);
    if (!session) return sendPage(ctx.res, 200, signInPage("/license-sync/"));
    sendPage(ctx.res, 200, organizationsPage({ login: session.login, csrfToken: session.csrfToken }, await ownedOrganizations(ctx.req, auth)));
  });

  router.get(
    "/license-sync/:org",
    dashboardRoute(auth, async (ctx, session) => {
      const { installation } = await requireOwner(ctx.req, auth, ctx.params.org!);
      const query = ctx.url.searchParams;
      const view = await loadOrgView(db, installation, {
        unmatchedPage: pageNumber(query.get("unmatched_page")),
        query: query.get("q") ?? "",
        searchPage: pageNumber(query.get("page")),
      });
      const base = `/license-sync/${encodeURIComponent(installation.login)}`;
      const body = renderOrgPage(view, { base, csrfToken: session.csrfToken, notice: query.get("notice") });
      sendPage(ctx.res, 200, page(installation.login, body, { login: session.login, csrfToken: session.csrfToken }));
    }),
  );

  registerDashboardActions(router, auth, engine, log);
}

/** The installations this user owns: the others are left out, so the list leaks nothing. */
async function ownedOrganizations(req: IncomingMessage, auth: Auth): Promise<string[]> {
  const installations = await auth.deps.db.prisma.installation.findMany({
    where: { deletedAt: null, verification: "verified", suspendedAt: null, accountType: "Organization" },
    orderBy: { login: "asc" },
    take: MAX_LISTED,
    select: { login: true },
  });
  const owned: string[] = [];
  for (const { login } of installations) {
    try {
      await requireOwner(req, auth, login);
      owned.push(login);
    } catch (error) {
      if (!(error instanceof HttpError)) throw error;
    }
  }
  return owned;
}

function pageNumber(value: string | null): number {
  const n = Number(value ?? "1");
  return Number.isInteger(n) && n >= 1 && n <= 100_000 ? n : 1;
}
