// The OAuth web flow over real HTTP, with GitHub's web and API endpoints stood in by nock.
import nock from "nock";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hashSecret } from "../../src/auth/hash-secret.js";
import { safeReturnPath } from "../../src/auth/sign-in-routes.js";
import { USER_TOKEN_PURPOSE } from "../../src/auth/sessions.js";
import { describeEachDatabase } from "../support/test-database.js";
import { GITHUB_WEB, PEOPLE, serveTestApp, signIn, type TestApp, useTestApp } from "../http/api/serve-test-app.js";

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

  it("wrote no user token or client secret into any log line", () => {
    const text = app.logLines.join("\n");
    for (const person of Object.values(PEOPLE)) expect(text).not.toContain(person.token);
    expect(text).not.toContain("test-client-secret-000000000000");
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
