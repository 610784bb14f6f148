// Wraps a dashboard route: the caller must be signed in (else the sign-in page, 401), and every
// refusal (HttpError) becomes a page with its status code, so a browser never lands on JSON.
import type { Auth } from "../auth/create-auth.js";
import { readSession, type Session } from "../auth/sessions.js";
import { HttpError } from "../http/http-error.js";
import type { RouteContext } from "../http/router.js";
import { sendPage } from "./send-page.js";
import { refusalPage, signInPage } from "./simple-pages.js";

export type DashboardHandler = (ctx: RouteContext, session: Session) => Promise<void>;

export function dashboardRoute(auth: Auth, handler: DashboardHandler) {
  return async (ctx: RouteContext): Promise<void> => {
    const session = await readSession(ctx.req, auth);
    if (!session) return sendPage(ctx.res, 401, signInPage(ctx.req.method === "GET" ? ctx.url.pathname + ctx.url.search : "/license-sync/"));
    const user = { login: session.login, csrfToken: session.csrfToken };
    try {
      await handler(ctx, session);
    } catch (error) {
      if (!(error instanceof HttpError) || ctx.res.headersSent) throw error;
      const back = ctx.params.org ? `/license-sync/${encodeURIComponent(ctx.params.org)}` : null;
      sendPage(ctx.res, error.status, refusalPage(error.status, error.message, back, user, error.errors), error.headers);
    }
  };
}
