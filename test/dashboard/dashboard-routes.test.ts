// The dashboard over real HTTP, signed in through the OAuth flow (GitHub stood in by nock): what an
// owner sees, what others are refused, and that every form needs the session's CSRF token.
import { expect, it } from "vitest";
import { describeEachDatabase } from "../support/test-database.js";
import { waitFor } from "../support/wait-for.js";
import { ORG, PEOPLE, signIn, useTestApp } from "../http/api/serve-test-app.js";
import { seedDashboard, type SeedPerson } from "./seed-dashboard.js";

const HOSTILE = `<script>alert("x")</script>`;
const PEOPLE_ROWS: SeedPerson[] = [
  { login: "ada", name: "Ada Lovelace", ghes: { hostname: "ghes.example.com", id: 1, email: "ada@example.com" } },
  { login: "grace", name: HOSTILE },
  { ghes: { hostname: "ghes.example.com", id: 3, email: "bob@old-domain.example" }, rule: "none", detail: "bob@old-domain.example matched no GitHub account (tried saml, verified_domain_email)" },
];
const CSV = ["created_at,id,login,email,role,suspended?", "2020-01-01 00:00:00 UTC,1,ada,ada@example.com,user,false", "2020-01-01 00:00:00 UTC,2,bob,bob@example.com,user,false"].join("\n");

describeEachDatabase("dashboard routes", (db) => {
  const app = useTestApp(db, {}, { engine: { work: false } });
  const page = (path: string, cookie?: string) => fetch(`${app.baseUrl}${path}`, { headers: cookie ? { cookie } : {}, redirect: "manual" });
  const post = (path: string, cookie: string, body: URLSearchParams | FormData) => fetch(`${app.baseUrl}${path}`, { method: "POST", headers: { cookie }, body, redirect: "manual" });

  it("asks a stranger to sign in with GitHub, under a strict CSP and no framing", async () => {
    const response = await page("/license-sync/");
    expect(response.status).toBe(200);
    const body = await response.text();
    expect(body).toContain('<html lang="en">');
    expect(body).toMatch(/<a [^>]*href="\/license-sync\/auth\/login\?return_to=%2Flicense-sync%2F"[^>]*>Sign in with GitHub<\/a>/);
    expect(response.headers.get("content-security-policy")).toContain("default-src 'none'");
    expect(response.headers.get("content-security-policy")).toContain("form-action 'self'");
    expect(response.headers.get("content-security-policy")).not.toContain("script-src");
    expect(response.headers.get("x-frame-options")).toBe("DENY");
    expect(body).not.toMatch(/<script|style=/i);

    const orgPage = await page(`/license-sync/${ORG}`);
    expect(orgPage.status).toBe(401);
    expect(await orgPage.text()).toContain("Sign in with GitHub");
  });

  it("shows an owner the seats, the split, the threshold, the servers and the unmatched person", async () => {
    await seedDashboard(db(), PEOPLE_ROWS);
    const { cookie, csrfToken } = await signIn(app, PEOPLE.owner);
    const home = await (await page("/license-sync/", cookie)).text();
    expect(home).toContain(`href="/license-sync/${ORG}"`);

    const response = await page(`/license-sync/${ORG}`, cookie);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-security-policy")).toContain("default-src 'none'");
    const body = await response.text();
    expect(body).toContain('<dd id="seats-purchased">500</dd>');
    expect(body).toContain('<dd id="seats-consumed">3</dd>');
    expect(body).toContain('<dd id="ghec-only">1</dd>');
    expect(body).toContain('<dd id="ghes-only">1</dd>');
    expect(body).toContain('<dd id="both">1</dd>');
    expect(body).toContain('<dd id="unmatched">1</dd>');
    expect(body).toContain('<strong id="threshold">90%</strong>');
    expect(body).toContain("<svg class=\"chart\"");
    expect(body).toContain("ghes.example.com");
    expect(body).toContain("3.14.2");
    expect(body).toContain("Enabled");
    expect(body).toContain("never synced");
    expect(body).toContain("bob@old-domain.example matched no GitHub account");
    expect(body).toContain(`href="/api/enterprises/${ORG}/consumed-licenses.csv"`);
    // every form carries the session's token
    const forms = body.match(/<form method="post"/g)!.length;
    expect(forms).toBeGreaterThanOrEqual(5);
    expect(body.split(`name="_csrf" value="${csrfToken}"`).length - 1).toBe(forms);
    expect(body).not.toContain("sealed-token-placeholder");

    const csv = await page(`/api/enterprises/${ORG}/consumed-licenses.csv`, cookie);
    expect(csv.status).toBe(200);
    expect(await csv.text()).toContain("github_com_login");
  });

  it("escapes a hostile GitHub name wherever it appears", async () => {
    await seedDashboard(db(), PEOPLE_ROWS);
    const { cookie } = await signIn(app, PEOPLE.owner);
    const body = await (await page(`/license-sync/${ORG}?q=grace`, cookie)).text();
    expect(body).toContain("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;");
    expect(body).not.toContain(HOSTILE);
    expect(body).not.toMatch(/<script/i);
  });

  it("pages the unmatched people 25 at a time with links between pages", async () => {
    const many: SeedPerson[] = Array.from({ length: 30 }, (_, i) => ({ ghes: { hostname: "ghes.example.com", id: 10 + i, email: `p${i}@old.example` }, rule: "none", detail: `p${i} matched nobody` }));
    await seedDashboard(db(), many);
    const { cookie } = await signIn(app, PEOPLE.owner);
    const first = await (await page(`/license-sync/${ORG}`, cookie)).text();
    expect(first.match(/p\d+ matched nobody/g)).toHaveLength(25);
    expect(first).toContain(`<a href="/license-sync/${ORG}?unmatched_page=2">Next page</a>`);
    const second = await (await page(`/license-sync/${ORG}?unmatched_page=2`, cookie)).text();
    expect(second.match(/p\d+ matched nobody/g)).toHaveLength(5);
    expect(second).toContain("p29 matched nobody");
    expect(second).not.toContain("Next page");
  });

  it("refuses a member with a 403 page and a non-member with a 404 page, showing no numbers", async () => {
    await seedDashboard(db(), PEOPLE_ROWS);
    const member = await signIn(app, PEOPLE.member);
    const refused = await page(`/license-sync/${ORG}`, member.cookie);
    expect(refused.status).toBe(403);
    const text = await refused.text();
    expect(text).toContain("Refused: 403");
    expect(text).toContain(`Only owners of ${ORG}`);
    expect(text).not.toContain("seats-consumed");
    expect(refused.headers.get("content-type")).toContain("text/html");
    expect(await (await page("/license-sync/", member.cookie)).text()).not.toContain(`href="/license-sync/${ORG}"`);

    // Suspended: a 409 refusal page, still under the CSP
    await db().prisma.installation.updateMany({ data: { suspendedAt: new Date() } });
    const owner = await signIn(app, PEOPLE.owner);
    const suspended = await page(`/license-sync/${ORG}`, owner.cookie);
    expect(suspended.status).toBe(409);
    expect(suspended.headers.get("content-security-policy")).toContain("default-src 'none'");
    expect(await suspended.text()).toContain("suspended");
    await db().prisma.installation.updateMany({ data: { suspendedAt: null } });

    const stranger = await signIn(app, PEOPLE.otherOwner);
    const unknown = await page(`/license-sync/${ORG}`, stranger.cookie);
    expect(unknown.status).toBe(404);
    expect(await unknown.text()).not.toContain("seats-consumed");
  });

  it("refuses a form without the CSRF token (403) and changes nothing", async () => {
    const { server } = await seedDashboard(db(), PEOPLE_ROWS);
    const { cookie } = await signIn(app, PEOPLE.owner);
    const base = `/license-sync/${ORG}/servers/${server.id}`;
    const toggle = await post(`${base}/license-sync`, cookie, new URLSearchParams({ license_sync: "disabled" }));
    expect(toggle.status).toBe(403);
    expect(await toggle.text()).toContain("CSRF");
    const sync = await post(`${base}/sync`, cookie, new URLSearchParams({ _csrf: "forged" }));
    expect(sync.status).toBe(403);
    const form = new FormData();
    form.append("file", new Blob([CSV], { type: "text/csv" }), "all_users.csv");
    expect((await post(`${base}/usage-uploads`, cookie, form)).status).toBe(403);
    expect(await db().prisma.ghesServer.findUniqueOrThrow({ where: { id: server.id } })).toMatchObject({ licenseSync: "enabled" });
    expect(await db().prisma.syncRun.count()).toBe(0);
    expect(await db().prisma.upload.count()).toBe(0);
  });

  it("turns the switch off and on again, and says so on the page", async () => {
    const { server } = await seedDashboard(db(), PEOPLE_ROWS);
    const { cookie, csrfToken } = await signIn(app, PEOPLE.owner);
    const off = await post(`/license-sync/${ORG}/servers/${server.id}/license-sync`, cookie, new URLSearchParams({ _csrf: csrfToken, license_sync: "disabled" }));
    expect(off.status).toBe(303);
    expect(off.headers.get("location")).toBe(`/license-sync/${ORG}?notice=switch-disabled`);
    expect(await db().prisma.ghesServer.findUniqueOrThrow({ where: { id: server.id } })).toMatchObject({ licenseSync: "disabled" });
    expect(await db().prisma.auditEntry.findFirst({ where: { action: "server.license_sync_disabled" } })).toMatchObject({ requestId: off.headers.get("x-request-id") });
    const body = await (await page(off.headers.get("location")!, cookie)).text();
    expect(body).toContain("License sync is now disabled for the server.");
    expect(body).toContain('class="status-disabled">Disabled');

    const on = await post(`/license-sync/${ORG}/servers/${server.id}/license-sync`, cookie, new URLSearchParams({ _csrf: csrfToken, license_sync: "enabled" }));
    expect(on.status).toBe(303);
    expect(await db().prisma.ghesServer.findUniqueOrThrow({ where: { id: server.id } })).toMatchObject({ licenseSync: "enabled" });
    const bad = await post(`/license-sync/${ORG}/servers/${server.id}/license-sync`, cookie, new URLSearchParams({ _csrf: csrfToken, license_sync: "maybe" }));
    expect(bad.status).toBe(422);
  });

  it("Sync now queues a manual run; a switched-off server is refused with 409", async () => {
    const { server } = await seedDashboard(db(), PEOPLE_ROWS);
    const { cookie, csrfToken } = await signIn(app, PEOPLE.owner);
    const response = await post(`/license-sync/${ORG}/servers/${server.id}/sync`, cookie, new URLSearchParams({ _csrf: csrfToken }));
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe(`/license-sync/${ORG}?notice=sync-queued`);
    expect(await db().prisma.syncRun.findMany()).toEqual([expect.objectContaining({ serverId: server.id, kind: "manual", status: "queued", triggeredBy: PEOPLE.owner.login })]);
    expect(await (await page(response.headers.get("location")!, cookie)).text()).toContain(`<dd id="run-${server.id}">manual · queued`);
    expect(await db().prisma.auditEntry.findMany({ where: { action: "sync.started" } })).toEqual([
      expect.objectContaining({ actor: PEOPLE.owner.login, target: "ghes.example.com", requestId: response.headers.get("x-request-id") }),
    ]);

    await db().prisma.ghesServer.update({ where: { id: server.id }, data: { licenseSync: "disabled" } });
    await db().prisma.syncRun.deleteMany();
    const refused = await post(`/license-sync/${ORG}/servers/${server.id}/sync`, cookie, new URLSearchParams({ _csrf: csrfToken }));
    expect(refused.status).toBe(409);
    expect(await refused.text()).toContain("Refused: 409");
  });

  it("takes an all_users.csv from the upload form; the server then shows the upload and 'usage uploaded'", async () => {
    const { server } = await seedDashboard(db(), PEOPLE_ROWS);
    const { cookie, csrfToken } = await signIn(app, PEOPLE.owner);
    const form = new FormData();
    form.append("_csrf", csrfToken);
    form.append("file", new Blob([CSV], { type: "text/csv" }), "all_users.csv");
    const response = await post(`/license-sync/${ORG}/servers/${server.id}/usage-uploads`, cookie, form);
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe(`/license-sync/${ORG}?notice=upload-received`);
    await waitFor(async () => (await db().prisma.upload.findFirst({ where: { serverId: server.id, state: "SUCCESS" } })) ?? undefined, { what: "the upload processed" });
    const body = await (await page(`/license-sync/${ORG}`, cookie)).text();
    expect(body).toContain("usage uploaded");
    expect(body).toContain("all_users.csv: SUCCESS");
    expect(body).toContain("(2 users)");
    expect(await db().prisma.auditEntry.count({ where: { action: "upload.received", actor: PEOPLE.owner.login } })).toBe(1);
  });

  it("refuses an upload that is not text (415) and a form from someone signed out (401), storing nothing", async () => {
    const { server } = await seedDashboard(db(), PEOPLE_ROWS);
    const { cookie, csrfToken } = await signIn(app, PEOPLE.owner);
    const form = new FormData();
    form.append("_csrf", csrfToken);
    form.append("file", new Blob([Buffer.from([0xff, 0xfe, 0x00, 0x01])], { type: "application/octet-stream" }), "all_users.csv");
    const binary = await post(`/license-sync/${ORG}/servers/${server.id}/usage-uploads`, cookie, form);
    expect(binary.status).toBe(415);
    expect(await binary.text()).toContain("not UTF-8 text");

    const signedOut = await fetch(`${app.baseUrl}/license-sync/${ORG}/servers/${server.id}/sync`, { method: "POST", body: new URLSearchParams({ _csrf: csrfToken }), redirect: "manual" });
    expect(signedOut.status).toBe(401);
    expect(await signedOut.text()).toContain("Sign in with GitHub");
    expect(await db().prisma.upload.count()).toBe(0);
    expect(await db().prisma.syncRun.count()).toBe(0);
  });

  it("saves identity mappings from the form and shows each bad line when they are refused", async () => {
    await seedDashboard(db(), PEOPLE_ROWS);
    const { cookie, csrfToken } = await signIn(app, PEOPLE.owner);
    const send = (text: string) => {
      const form = new FormData();
      form.append("_csrf", csrfToken);
      form.append("file", new Blob([text], { type: "text/csv" }), "mappings.csv");
      return post(`/license-sync/${ORG}/identity-mappings`, cookie, form);
    };
    const saved = await send("enterprise_server_login_or_email,github_com_login\nbob@old-domain.example,bob-gh\n");
    expect(saved.status).toBe(303);
    expect(await db().prisma.identityMapping.findMany()).toEqual([expect.objectContaining({ serverKey: "bob@old-domain.example", githubLogin: "bob-gh" })]);
    expect(await db().prisma.auditEntry.count({ where: { action: "identity_mappings.replaced" } })).toBe(1);
    const refused = await send("enterprise_server_login_or_email,github_com_login\nbob@x.example,not a login\n");
    expect(refused.status).toBe(422);
    expect(await refused.text()).toContain("line 2");
    expect(await db().prisma.identityMapping.count()).toBe(1);
  });
});
