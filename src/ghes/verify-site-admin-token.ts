// Proves a GHES token belongs to a site administrator before it is stored: `GET /user` must say
// `site_admin: true` and the classic token's `X-OAuth-Scopes` must include `site_admin` (without
// the scope the license and user report stay closed even to an admin). `GET /meta` gives the version.
import { z } from "zod";
import { ghesClient } from "./ghes-client.js";
import { GhesRequestError } from "./ghes-request-error.js";
import type { GhesTransport } from "./ghes-transport.js";

/** Which check a refused token failed; the API's 422 names it. */
export type SiteAdminCheck = "reachable" | "tls" | "redirect" | "token" | "response" | "site_admin" | "scope";

export type TokenVerification =
  | { ok: true; login: string; scopes: string[]; version: string | null }
  | { ok: false; check: SiteAdminCheck; message: string };

const userSchema = z.object({ login: z.string().min(1), site_admin: z.boolean().optional() });
const metaSchema = z.object({ installed_version: z.string().optional() });

export async function verifySiteAdminToken(transport: GhesTransport, apiUrl: string, token: string): Promise<TokenVerification> {
  const ghes = ghesClient(transport, { apiUrl, token });
  let user: z.infer<typeof userSchema>;
  let scopesHeader: string | string[] | undefined;
  try {
    const response = await ghes.getApi("/user");
    scopesHeader = response.headers["x-oauth-scopes"];
    if (response.status === 401) {
      response.discard();
      return refuse("token", "GHES refused the token (401 Unauthorized): it is wrong, expired or revoked");
    }
    if (response.status === 403) {
      const body = await response.json(64 * 1024).catch(() => null);
      const said = typeof (body as { message?: unknown } | null)?.message === "string" ? `: ${(body as { message: string }).message}` : "";
      return refuse("token", `GHES refused the token (403 Forbidden${said})`);
    }
    if (response.status !== 200) {
      response.discard();
      return refuse("response", `GET ${ghes.apiUrl}/user answered ${response.status}; is this a GHES API URL?`);
    }
    const parsed = userSchema.safeParse(await response.json());
    if (!parsed.success) return refuse("response", `GET ${ghes.apiUrl}/user did not answer a GHES user; is this a GHES API URL?`);
    user = parsed.data;
  } catch (error) {
    return refuseForTransport(error);
  }
  if (user.site_admin !== true) {
    return refuse("site_admin", `the token's owner ${user.login} is not a site administrator (GET /user says site_admin: ${String(user.site_admin ?? false)})`);
  }
  if (scopesHeader === undefined) {
    return refuse("scope", "the token has no X-OAuth-Scopes header: use a classic personal access token with the site_admin scope");
  }
  const scopes = String(scopesHeader).split(",").map((s) => s.trim()).filter(Boolean);
  if (!scopes.includes("site_admin")) {
    return refuse("scope", `the token lacks the site_admin scope (it has: ${scopes.join(", ") || "none"})`);
  }
  return { ok: true, login: user.login, scopes, version: await readVersion(ghes.getApi.bind(ghes)) };
}

async function readVersion(getApi: ReturnType<typeof ghesClient>["getApi"]): Promise<string | null> {
  try {
    const response = await getApi("/meta");
    const header = response.headers["x-github-enterprise-version"];
    if (response.status !== 200) {
      response.discard();
      return typeof header === "string" ? header : null;
    }
    const parsed = metaSchema.safeParse(await response.json());
    return (parsed.success ? parsed.data.installed_version : undefined) ?? (typeof header === "string" ? header : null);
  } catch {
    // The version is informative; a failing /meta does not make an admin's token less valid.
    return null;
  }
}

function refuse(check: SiteAdminCheck, message: string): TokenVerification {
  return { ok: false, check, message };
}

function refuseForTransport(error: unknown): TokenVerification {
  if (!(error instanceof GhesRequestError)) throw error;
  const check: SiteAdminCheck =
    error.kind === "tls" ? "tls" : error.kind === "redirect" ? "redirect" : error.kind === "invalid-response" || error.kind === "too-large" ? "response" : "reachable";
  return refuse(check, error.message);
}
