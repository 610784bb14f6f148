// Sign-in with GitHub for the dashboard (the App's OAuth web flow):
//   GET  /license-sync/auth/login?return_to=/license-sync/…  → GitHub's authorize page, with a state
//   GET  /license-sync/auth/callback?code&state              → session cookie, back to return_to
//   GET  /license-sync/auth/session                          → {login, csrf_token, expires_at} or 401
//   POST /license-sync/auth/logout                           → session ended (CSRF token required)
// No redirect_uri is sent: GitHub then uses the App's registered callback URL.
import { randomBytes } from "node:crypto";
import { HttpError } from "../http/http-error.js";
import { sendJson } from "../http/respond.js";
import type { RouteContext, Router } from "../http/router.js";
import { clearCookie, isSecureRequest, readCookie, serializeCookie, SESSION_COOKIE, signValue, STATE_COOKIE, STATE_COOKIE_PATH, verifySignedValue } from "./cookies.js";
import type { Auth } from "./create-auth.js";
import { CSRF_FIELD, hasValidCsrfToken } from "./csrf.js";
import { exchangeOAuthCode } from "./exchange-oauth-code.js";
import { fetchGitHubUser } from "./fetch-github-user.js";
import { safeEqual } from "./hash-secret.js";
import { readFormField } from "./read-form-field.js";
import { createSession, deleteSession, readSession } from "./sessions.js";

export const DASHBOARD_PATH = "/license-sync/";

export function registerSignInRoutes(router: Router, auth: Auth): void {
  const { config, secrets } = auth.deps;
  const oauth = () => {
    if (!config.oauth) throw new HttpError(503, "Sign-in with GitHub is not configured: set GITHUB_CLIENT_ID and GITHUB_CLIENT_SECRET");
    return config.oauth;
  };
  const redirect = (ctx: RouteContext, status: number, location: string, cookies: string[]) => {
    ctx.res.writeHead(status, { location, "set-cookie": cookies, "cache-control": "no-store" });
    ctx.res.end();
  };

  router.get("/license-sync/auth/login", async (ctx) => {
    const { clientId } = oauth();
    const state = randomBytes(24).toString("base64url");
    const returnTo = safeReturnPath(ctx.url.searchParams.get("return_to"));
    const cookie = signValue(await auth.sessionKey(), `${state}.${Buffer.from(returnTo).toString("base64url")}`);
    const authorize = new URL(`${config.githubWebUrl}/login/oauth/authorize`);
    authorize.searchParams.set("client_id", clientId);
    authorize.searchParams.set("state", state);
    const secure = isSecureRequest(ctx.req, config.production);
    redirect(ctx, 302, authorize.toString(), [serializeCookie(STATE_COOKIE, cookie, { path: STATE_COOKIE_PATH, maxAgeSeconds: 600, secure })]);
  });

  router.get("/license-sync/auth/callback", async (ctx) => {
    const client = oauth();
    const query = ctx.url.searchParams;
    if (query.get("error")) throw new HttpError(400, `GitHub sign-in did not complete: ${query.get("error_description") ?? query.get("error")}`);
    const stored = verifySignedValue(await auth.sessionKey(), readCookie(ctx.req, STATE_COOKIE));
    const [state = "", returnEncoded = ""] = stored?.split(".") ?? [];
    const code = query.get("code");
    if (!stored || !safeEqual(state, query.get("state") ?? "")) {
      throw new HttpError(400, "Sign-in state does not match this browser's; start again at /license-sync/auth/login");
    }
    if (!code) throw new HttpError(400, "GitHub's callback has no code; start again at /license-sync/auth/login");
    const exchange = await exchangeOAuthCode(config.githubWebUrl, client, code, auth.fetch);
    if (exchange.kind === "refused") throw new HttpError(400, `GitHub refused the sign-in: ${exchange.reason}; start again`);
    if (exchange.kind === "unavailable") throw new HttpError(502, `Could not finish signing in with GitHub: ${exchange.reason}`);
    secrets.add(exchange.token);
    const lookup = await fetchGitHubUser(config.githubApiUrl, exchange.token, auth.fetch);
    if (lookup.kind !== "user") throw new HttpError(502, "GitHub did not say who signed in; start again");
    const session = await createSession(auth, lookup.user, exchange.token);
    const secure = isSecureRequest(ctx.req, config.production);
    redirect(ctx, 302, safeReturnPath(Buffer.from(returnEncoded, "base64url").toString("utf8")), [
      serializeCookie(SESSION_COOKIE, session.cookieValue, { maxAgeSeconds: Math.floor(auth.ttl.sessionMs / 1000), secure }),
      clearCookie(STATE_COOKIE, { path: STATE_COOKIE_PATH, secure }),
    ]);
  });

  router.get("/license-sync/auth/session", async ({ req, res }) => {
    const session = await readSession(req, auth);
    if (!session) throw new HttpError(401, "Not signed in");
    sendJson(res, 200, { login: session.login, csrf_token: session.csrfToken, expires_at: session.expiresAt.toISOString() });
  });

  router.on("POST", "/license-sync/auth/logout", async (ctx) => {
    const session = await readSession(ctx.req, auth);
    if (session) {
      const field = await readFormField(ctx.req, CSRF_FIELD);
      if (!hasValidCsrfToken(ctx.req, session, field)) throw new HttpError(403, "Missing or invalid CSRF token; sign-out refused");
      await deleteSession(auth, session.idHash);
    }
    redirect(ctx, 303, DASHBOARD_PATH, [clearCookie(SESSION_COOKIE, { secure: isSecureRequest(ctx.req, config.production) })]);
  });
}

/** Only paths inside the dashboard, so the sign-in cannot be turned into an open redirect. */
export function safeReturnPath(value: string | null): string {
  if (!value || !value.startsWith(DASHBOARD_PATH) || value.includes("\\") || /[\r\n]/.test(value)) return DASHBOARD_PATH;
  return value;
}
