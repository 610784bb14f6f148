// The dashboard in a real browser: Chromium (find-chromium.ts says which) driven by playwright-core. GitHub's side of
// the sign-in is stood in twice: the browser's visit to github.com/login/oauth/authorize is answered
// by Playwright (a redirect back to the app's callback, as GitHub does), the app's code exchange
// and user lookups by nock. Screenshots of the main views go to test-artifacts/dashboard/.
import { mkdirSync } from "node:fs";
import nock from "nock";
import { chromium, type Browser, type Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { recount } from "../../src/sync/recount.js";
import { CHROMIUM_ARGS, findChromium } from "../support/find-chromium.js";
import { describeEachDatabase } from "../support/test-database.js";
import { waitFor } from "../support/wait-for.js";
import { GITHUB_WEB, ORG, PEOPLE, serveTestApp, standInGitHub, type Person, type TestApp } from "../http/api/serve-test-app.js";
import { seedDashboard, type SeedPerson } from "./seed-dashboard.js";

const ARTIFACTS = new URL("../../test-artifacts/dashboard/", import.meta.url);
const CHROMIUM = await findChromium();
const ROWS: SeedPerson[] = [
  { login: "ada", name: "Ada Lovelace", ghes: { hostname: "ghes.example.com", id: 1, email: "ada@example.com" } },
  { login: "grace", name: "Grace Hopper" },
  { ghes: { hostname: "ghes.example.com", id: 3, email: "bob@old-domain.example" }, rule: "none", detail: "bob@old-domain.example matched no GitHub account" },
];
const CSV = ["created_at,id,login,email,role,suspended?", "2020-01-01 00:00:00 UTC,1,ada,ada@example.com,user,false", "2020-01-01 00:00:00 UTC,2,bob,bob@example.com,user,false"].join("\n");

describe.skipIf(!CHROMIUM.found)(CHROMIUM.found ? `dashboard in Chromium (${CHROMIUM.source})` : `dashboard in Chromium (skipped: ${CHROMIUM.reason})`, () => {
  describeEachDatabase("pages", (db, kind) => {
    let app: TestApp;
    let browser: Browser;
    beforeAll(async () => {
      mkdirSync(ARTIFACTS, { recursive: true });
      app = await serveTestApp(db(), {}, { engine: { work: false } });
      browser = await chromium.launch({ executablePath: CHROMIUM.found ? CHROMIUM.executablePath : "", args: CHROMIUM_ARGS });
    }, 60_000);
    afterAll(async () => {
      await browser?.close();
      await app?.close();
    });
    beforeEach(() => standInGitHub());
    afterEach(() => nock.cleanAll());
    const shot = (page: Page, name: string) => page.screenshot({ path: new URL(`${kind}-${name}.png`, ARTIFACTS).pathname, fullPage: true });

    /** A fresh browser that signs `person` in by clicking "Sign in with GitHub". */
    /**
     * `page.goto`, once more if Chromium's load failed at the network level ("interrupted by another
     * navigation to chrome-error://"): seen once in CI on a loaded machine, right after the sign-in
     * redirects, never with an answer from the app; the second visit shows what the app answers.
     */
    async function visit(page: Page, url: string) {
      try {
        return await page.goto(url);
      } catch (error) {
        if (!/chrome-error:\/\/|net::ERR_/.test((error as Error).message)) throw error;
        return page.goto(url);
      }
    }

    async function signedIn(person: Person): Promise<Page> {
      const context = await browser.newContext();
      // Nothing leaves 127.0.0.1. GitHub would answer the authorize visit with a redirect back to the
      // app's callback: the app's own redirect there is answered so, with its state cookie kept.
      // (Playwright routes the first request of a redirect chain, never the redirect's target.)
      await context.route(/^https?:\/\/(?!127\.0\.0\.1)/, (route) => route.abort());
      await context.route(`${app.baseUrl}/license-sync/auth/login?*`, async (route) => {
        const response = await route.fetch({ maxRedirects: 0 });
        const authorize = new URL(response.headers().location ?? "");
        expect(`${authorize.origin}${authorize.pathname}`).toBe(`${GITHUB_WEB}/login/oauth/authorize`);
        const callback = `${app.baseUrl}/license-sync/auth/callback?code=code-${person.id}&state=${authorize.searchParams.get("state")}`;
        return route.fulfill({ response, headers: { ...response.headers(), location: callback } });
      });
      nock(GITHUB_WEB).post("/login/oauth/access_token").reply(200, { access_token: person.token, token_type: "bearer", scope: "" });
      const page = await context.newPage();
      await page.goto(`${app.baseUrl}/license-sync/`);
      await page.getByRole("link", { name: "Sign in with GitHub" }).click();
      await page.waitForURL(`${app.baseUrl}/license-sync/`);
      return page;
    }

    it("an owner signs in, sees the numbers, toggles the server, presses Sync now and uploads a CSV", async () => {
      const { installation, server } = await seedDashboard(db(), ROWS);
      const anonymous = await browser.newPage();
      await anonymous.goto(`${app.baseUrl}/license-sync/`);
      await expect.poll(() => anonymous.getByRole("link", { name: "Sign in with GitHub" }).count()).toBe(1);
      await shot(anonymous, "sign-in");
      await anonymous.close();

      const page = await signedIn(PEOPLE.owner);
      await page.getByRole("link", { name: ORG }).click();
      await page.waitForURL(`${app.baseUrl}/license-sync/${ORG}`);
      expect(await page.locator("#seats-consumed").textContent()).toBe("3");
      expect(await page.locator("#seats-purchased").textContent()).toBe("500");
      expect(await page.locator("#unmatched").textContent()).toBe("1");
      expect(await page.getByRole("img", { name: /Seats consumed per week/ }).count()).toBe(1);
      await shot(page, "dashboard");

      await page.getByRole("button", { name: "Disable license sync for ghes.example.com" }).click();
      await page.waitForURL(/notice=switch-disabled/);
      expect(await page.getByRole("status").textContent()).toContain("disabled");
      expect(await page.locator(".status-disabled").textContent()).toContain("Disabled");
      expect((await db().prisma.ghesServer.findUniqueOrThrow({ where: { id: server.id } })).licenseSync).toBe("disabled");
      await page.getByRole("button", { name: "Enable license sync for ghes.example.com" }).click();
      await page.waitForURL(/notice=switch-enabled/);

      await page.getByRole("button", { name: "Sync now" }).click();
      await page.waitForURL(/notice=sync-queued/);
      expect(await page.locator(`[id="run-${server.id}"]`).textContent()).toContain("manual · queued");
      await shot(page, "sync-queued");

      await page.getByLabel("Upload all_users.csv for ghes.example.com").setInputFiles({ name: "all_users.csv", mimeType: "text/csv", buffer: Buffer.from(CSV) });
      await page.getByRole("button", { name: "Upload", exact: true }).click();
      await page.waitForURL(/notice=upload-received/);
      await waitFor(async () => (await db().prisma.upload.findFirst({ where: { state: "SUCCESS" } })) ?? undefined, { what: "the upload processed" });
      // The engine's worker is off here: count as it would after a successful upload.
      await recount(db(), installation.id, new Date());
      await page.reload();
      expect(await page.locator("#seats-consumed").textContent()).toBe("2");
      expect(await page.getByText("usage uploaded").count()).toBeGreaterThan(0);
      await shot(page, "after-upload");
      await page.context().close();
    }, 60_000);

    it("a member who signs in is refused with a 403 page and no numbers", async () => {
      await seedDashboard(db(), ROWS);
      const page = await signedIn(PEOPLE.member);
      const response = await visit(page, `${app.baseUrl}/license-sync/${ORG}`);
      expect(response?.status()).toBe(403);
      expect(await page.getByRole("heading", { level: 1 }).textContent()).toBe("Refused: 403");
      expect(await page.locator("#seats-consumed").count()).toBe(0);
      await shot(page, "refused");
      await page.context().close();
    }, 60_000);
  });
});
