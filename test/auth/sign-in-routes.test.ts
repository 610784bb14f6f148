// The OAuth web flow over real HTTP, with GitHub's web and API endpoints stood in by nock.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import nock from "nock";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config/env.js";
import { createLogger } from "../../src/logging/create-logger.js";
import { SecretRegistry } from "../../src/logging/secret-registry.js";
import { startApp } from "../../src/start.js";
import { TEST_APP_ID, TEST_PRIVATE_KEY, TEST_WEBHOOK_SECRET } from "../support/test-app.js";
import { hashSecret } from "../../src/auth/hash-secret.js";
import { safeReturnPath } from "../../src/auth/sign-in-routes.js";
import { USER_TOKEN_PURPOSE } from "../../src/auth/sessions.js";
import { describeEachDatabase } from "../support/test-database.js";
import { bearer, GITHUB_WEB, ORG, PEOPLE, serveTestApp, signIn, standInGitHub, type TestApp, useTestApp } from "../http/api/serve-test-app.js";

async function startLogin(app: TestApp, query = ""): Promise<{ state: string; stateCookie: string; response: Response }> {
  const response = await fetch(`${app.baseUrl}/license-sync/auth/login${query}`, { redirect: "manual" });
  const state = new URL(response.headers.get("location") ?? "http://x").searchParams.get("state") ?? "";
  return { state, stateCookie: (response.headers.getSetCookie()[0] ?? "").split(";")[0]!, response };
}

describeEachDatabase("sign-in with GitHub", (db) => {
  const app = useTestApp(db);

  it("sends the browser to GitHub's authorize page with a state kept in an HttpOnly cookie", async () => {
    const { response, state } = await startLogin(app);
    expect(response.status).toBe(302);
    const location = new URL(response.headers.get("location")!);
    expect(`${location.origin}${location.pathname}`).toBe(`${GITHUB_WEB}/login/oauth/authorize`);
    expect(location.searchParams.get("client_id")).toBe("Iv1.testclient");
    expect(state.length).toBeGreaterThanOrEqual(32);
    const cookie = response.headers.getSetCookie()[0]!;
    expect(cookie).toMatch(/^license_sync_oauth=/);
    expect(cookie).toContain("HttpOnly");
    expect(cookie).toContain("SameSite=Lax");
    expect(cookie).toContain("Path=/license-sync/auth");
    expect(cookie).not.toContain("Secure");
    const behindTls = await fetch(`${app.baseUrl}/license-sync/auth/login`, { redirect: "manual", headers: { "x-forwarded-proto": "https" } });
    expect(behindTls.headers.getSetCookie()[0]).toContain("Secure");
  });

  it("signs in: session stored by hash with the token sealed, cookie HttpOnly and SameSite, back to return_to", async () => {
    const { state, stateCookie } = await startLogin(app, "?return_to=/license-sync/servers");
    nock(GITHUB_WEB)
      .post("/login/oauth/access_token", { client_id: "Iv1.testclient", client_secret: "test-client-secret-000000000000", code: "the-code" })
      .reply(200, { access_token: PEOPLE.owner.token, token_type: "bearer" });
    const callback = await fetch(`${app.baseUrl}/license-sync/auth/callback?code=the-code&state=${state}`, { redirect: "manual", headers: { cookie: stateCookie } });
    expect(callback.status).toBe(302);
    expect(callback.headers.get("location")).toBe("/license-sync/servers");
    const [sessionCookie, clearedState] = callback.headers.getSetCookie();
    expect(sessionCookie).toMatch(/^license_sync_session=[^;]+; Path=\/; Max-Age=28800; HttpOnly; SameSite=Lax$/);
    expect(clearedState).toMatch(/^license_sync_oauth=; Path=\/license-sync\/auth; Max-Age=0/);

    const sessionId = sessionCookie!.split(";")[0]!.split("=")[1]!.split(".")[0]!;
    const rows = await db().prisma.session.findMany();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ idHash: hashSecret(sessionId), login: PEOPLE.owner.login, githubId: BigInt(PEOPLE.owner.id) });
    expect(JSON.stringify(rows, (_k, v: unknown) => (typeof v === "bigint" ? String(v) : v))).not.toContain(PEOPLE.owner.token);
    expect(app.deps.box.open(rows[0]!.tokenSealed, USER_TOKEN_PURPOSE)).toBe(PEOPLE.owner.token);

    const session = await fetch(`${app.baseUrl}/license-sync/auth/session`, { headers: { cookie: sessionCookie!.split(";")[0]! } });
    expect(await session.json()).toEqual({ login: PEOPLE.owner.login, csrf_token: expect.any(String), expires_at: expect.any(String) });
  });

  it("refuses a callback whose state does not match the browser's, or comes without the cookie", async () => {
    const { state, stateCookie } = await startLogin(app);
    const wrong = await fetch(`${app.baseUrl}/license-sync/auth/callback?code=c&state=${state}x`, { redirect: "manual", headers: { cookie: stateCookie } });
    expect(wrong.status).toBe(400);
    expect(((await wrong.json()) as { message: string }).message).toContain("state does not match");
    const noCookie = await fetch(`${app.baseUrl}/license-sync/auth/callback?code=c&state=${state}`, { redirect: "manual" });
    expect(noCookie.status).toBe(400);
    const forged = await fetch(`${app.baseUrl}/license-sync/auth/callback?code=c&state=${state}`, {
      redirect: "manual",
      headers: { cookie: `license_sync_oauth=${state}.L2xpY2Vuc2Utc3luYy8.forged-signature` },
    });
    expect(forged.status).toBe(400);
    expect(await db().prisma.session.count()).toBe(0);
  });

  it("says why when GitHub refuses the code or the user cancels", async () => {
    const { state, stateCookie } = await startLogin(app);
    nock(GITHUB_WEB).post("/login/oauth/access_token").reply(200, { error: "bad_verification_code", error_description: "The code passed is incorrect or expired." });
    const refused = await fetch(`${app.baseUrl}/license-sync/auth/callback?code=old&state=${state}`, { redirect: "manual", headers: { cookie: stateCookie } });
    expect(refused.status).toBe(400);
    expect(((await refused.json()) as { message: string }).message).toContain("The code passed is incorrect or expired.");
    const cancelled = await fetch(`${app.baseUrl}/license-sync/auth/callback?error=access_denied&error_description=denied`, { redirect: "manual" });
    expect(cancelled.status).toBe(400);
    expect(await db().prisma.session.count()).toBe(0);
  });

  it("never redirects outside the dashboard after sign-in", async () => {
    expect(safeReturnPath("https://evil.example/license-sync/")).toBe("/license-sync/");
    expect(safeReturnPath("//evil.example/")).toBe("/license-sync/");
    expect(safeReturnPath("/license-sync/\\evil")).toBe("/license-sync/");
    expect(safeReturnPath(null)).toBe("/license-sync/");
    expect(safeReturnPath("/license-sync/servers?x=1")).toBe("/license-sync/servers?x=1");
  });

  it("ignores a tampered or expired session cookie", async () => {
    const { cookie } = await signIn(app, PEOPLE.owner);
    const tampered = cookie.replace(/.$/, (c) => (c === "A" ? "B" : "A"));
    expect((await fetch(`${app.baseUrl}/license-sync/auth/session`, { headers: { cookie: tampered } })).status).toBe(401);
    await db().prisma.session.updateMany({ data: { expiresAt: new Date(Date.now() - 1000) } });
    expect((await fetch(`${app.baseUrl}/license-sync/auth/session`, { headers: { cookie } })).status).toBe(401);
    expect(await db().prisma.session.count()).toBe(0);
  });

  it("signs out only with the session's CSRF token, then the cookie is worthless", async () => {
    const { cookie, csrfToken } = await signIn(app, PEOPLE.owner);
    const forged = await fetch(`${app.baseUrl}/license-sync/auth/logout`, { method: "POST", redirect: "manual", headers: { cookie } });
    expect(forged.status).toBe(403);
    expect(await db().prisma.session.count()).toBe(1);

    const logout = await fetch(`${app.baseUrl}/license-sync/auth/logout`, {
      method: "POST",
      redirect: "manual",
      headers: { cookie, "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ _csrf: csrfToken }).toString(),
    });
    expect(logout.status).toBe(303);
    expect(logout.headers.get("location")).toBe("/license-sync/");
    expect(logout.headers.getSetCookie()[0]).toMatch(/^license_sync_session=; Path=\/; Max-Age=0/);
    expect(await db().prisma.session.count()).toBe(0);
    expect((await fetch(`${app.baseUrl}/license-sync/auth/session`, { headers: { cookie } })).status).toBe(401);
  });
});

describeEachDatabase("sign-in without OAuth credentials", (db) => {
  let app: TestApp;
  beforeAll(async () => {
    app = await serveTestApp(db(), { GITHUB_CLIENT_ID: "", GITHUB_CLIENT_SECRET: "" });
  });
  afterAll(async () => {
    await app.close();
  });

  describe("login", () => {
    it("answers 503 naming the variables to set", async () => {
      const response = await fetch(`${app.baseUrl}/license-sync/auth/login`, { redirect: "manual" });
      expect(response.status).toBe(503);
      expect(((await response.json()) as { message: string }).message).toContain("GITHUB_CLIENT_ID and GITHUB_CLIENT_SECRET");
    });
  });
});

describe("sign-in as production logs it: Probot's server and the app's logger", () => {
  type RequestLine = { msg: string; req?: { url: string; headers: Record<string, string> }; res?: { headers: Record<string, string> } };

  it("logs each request of the flow with its headers, and no token, secret or session in any line", async () => {
    const lines: string[] = [];
    const destination = new Writable({
      write(chunk, _encoding, done) {
        lines.push(String(chunk));
        done();
      },
    });
    const secrets = new SecretRegistry();
    const { log } = await createLogger({ level: "info", format: "json", secrets, destination });
    const clientSecret = "test-client-secret-000000000000";
    const env = {
      APP_ID: String(TEST_APP_ID),
      PRIVATE_KEY: TEST_PRIVATE_KEY,
      WEBHOOK_SECRET: TEST_WEBHOOK_SECRET,
      GITHUB_CLIENT_ID: "Iv1.testclient",
      GITHUB_CLIENT_SECRET: clientSecret,
      HOST: "127.0.0.1",
      PORT: "0",
      DATABASE_URL: `file:${join(mkdtempSync(join(tmpdir(), "sign-in-log-")), "pglite")}`,
    };
    const app = await startApp({ config: loadConfig(env), log, secrets, env });
    standInGitHub();
    const baseUrl = `http://127.0.0.1:${app.server.port}`;
    let session: { cookie: string; csrfToken: string };
    try {
      session = await signIn({ baseUrl }, PEOPLE.owner);
      await fetch(`${baseUrl}/api/enterprises/${ORG}/servers`, { headers: bearer(PEOPLE.owner) });
      const logout = await fetch(`${baseUrl}/license-sync/auth/logout`, {
        method: "POST",
        redirect: "manual",
        headers: { cookie: session.cookie, "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ _csrf: session.csrfToken }).toString(),
      });
      expect(logout.status).toBe(303);
    } finally {
      nock.cleanAll();
      await app.stop();
    }

    // The lines it should have: one per request, with the headers that carried each credential, redacted.
    const requests = lines.map((line) => JSON.parse(line) as RequestLine).filter((line) => line.req);
    const line = (pattern: RegExp) => {
      const found = requests.find((r) => pattern.test(r.msg));
      expect(found, `a log line matching ${pattern} among:\n${requests.map((r) => r.msg).join("\n")}`).toBeDefined();
      return found!;
    };
    expect(line(/^GET \/license-sync\/auth\/login 302 /).res!.headers["set-cookie"]).toBe("[redacted]");
    const callback = line(/^GET \/license-sync\/auth\/callback\?code=code-\d+&state=\S+ 302 /);
    expect(callback.req!.headers.cookie).toBe("[redacted]");
    expect(callback.res!.headers["set-cookie"]).toBe("[redacted]");
    expect(line(/^GET \/license-sync\/auth\/session 200 /).req!.headers.cookie).toBe("[redacted]");
    expect(line(new RegExp(`^GET /api/enterprises/${ORG}/servers \\d{3} `)).req!.headers.authorization).toBe("[redacted]");
    expect(line(/^POST \/license-sync\/auth\/logout 303 /).req!.headers.cookie).toBe("[redacted]");

    // ... and none of what would let a reader act as the owner or as the app.
    const text = lines.join("");
    expect(text).not.toContain(PEOPLE.owner.token);
    expect(text).not.toContain(clientSecret);
    expect(text).not.toContain(session.cookie.split("=")[1]!.split(".")[0]!);
    expect(text).not.toContain(session.csrfToken);
  });
});
