// The whole app served over real HTTP on 127.0.0.1 (port 0), as API clients and browsers reach it,
// with GitHub stood in by nock: users by token, installation tokens, and organization roles.
import http from "node:http";
import type { AddressInfo } from "node:net";
import nock from "nock";
import { afterAll, afterEach, beforeAll, beforeEach } from "vitest";
import { createNodeMiddleware, Probot } from "probot";
import { createApp, type AppDependencies } from "../../../src/app.js";
import type { Database } from "../../../src/db/open-database.js";
import { captureLog, TEST_APP_ID, TEST_PRIVATE_KEY, TEST_WEBHOOK_SECRET, testConfig, testDependencies, TestOctokit } from "../../support/test-app.js";

export const GITHUB_API = "https://api.github.com";
export const ORG = "acme-corp";
export const INSTALLATION_ID = 957387;

export type Person = { login: string; id: number; token: string; /** role in ORG, or undefined for a non-member */ role?: "admin" | "member" | "billing_manager"; state?: "active" | "pending" };

export const PEOPLE = {
  owner: { login: "octo-owner", id: 21031067, token: "gho_owner0000000000000000000000000000001", role: "admin" },
  member: { login: "mona-member", id: 2001, token: "gho_member000000000000000000000000000002", role: "member" },
  billing: { login: "bill-billing", id: 2002, token: "gho_billing00000000000000000000000000003", role: "billing_manager" },
  otherOwner: { login: "olga-elsewhere", id: 2003, token: "gho_other0000000000000000000000000000004" },
} satisfies Record<string, Person>;

export const BAD_TOKEN = "gho_revoked00000000000000000000000000099";

export type TestApp = { baseUrl: string; probot: Probot; deps: AppDependencies; logLines: string[]; close(): Promise<void> };

export async function serveTestApp(db: Database, env: NodeJS.ProcessEnv = {}, overrides: Partial<AppDependencies> = {}): Promise<TestApp> {
  const { log, lines } = captureLog("trace");
  const stops: Array<() => Promise<void>> = [];
  const deps = await testDependencies(db, {
    config: testConfig({ GHES_ALLOW_HTTP: "true", GITHUB_CLIENT_ID: "Iv1.testclient", GITHUB_CLIENT_SECRET: "test-client-secret-000000000000", ...env }),
    onStop: (stop) => stops.push(stop),
    ...overrides,
  });
  const probot = new Probot({ appId: TEST_APP_ID, privateKey: TEST_PRIVATE_KEY, secret: TEST_WEBHOOK_SECRET, baseUrl: deps.config.githubApiUrl, Octokit: TestOctokit, log });
  const middleware = await createNodeMiddleware(createApp(deps), { probot });
  const server = http.createServer((req, res) => {
    void middleware(req, res, () => {
      res.writeHead(404).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    probot,
    deps,
    logLines: lines,
    close: async () => {
      await new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      });
      for (const stop of stops.reverse()) await stop();
    },
  };
}

/** GitHub as these tests need it; `persist` so any number of requests may ask. */
export function standInGitHub(people: Person[] = Object.values(PEOPLE)): void {
  nock.disableNetConnect();
  nock.enableNetConnect(/^127\.0\.0\.1/);
  const api = nock(GITHUB_API).persist();
  api.get("/user").reply(function () {
    const auth = String(this.req.headers.authorization ?? "");
    const person = people.find((p) => auth === `Bearer ${p.token}`);
    return person ? [200, { login: person.login, id: person.id, type: "User" }] : [401, { message: "Bad credentials" }];
  });
  api.post(`/app/installations/${INSTALLATION_ID}/access_tokens`).reply(201, { token: "ghs_installation000000000000000000000001", expires_at: "2099-01-01T00:00:00Z" });
  api.get(new RegExp(`^/orgs/${ORG}/memberships/[^/]+$`)).reply(function (uri) {
    const login = decodeURIComponent(uri.split("/").pop()!);
    const person = people.find((p) => p.login.toLowerCase() === login.toLowerCase());
    if (!person?.role) return [404, { message: "Not Found" }];
    return [200, { state: person.state ?? "active", role: person.role, user: { login: person.login, id: person.id } }];
  });
}

/** The organization the app is installed on, as issue 3's webhook handlers record it. */
export async function seedInstallation(db: Database, overrides: Partial<{ verification: string; verificationError: string; suspendedAt: Date; login: string }> = {}) {
  return db.prisma.installation.create({
    data: {
      githubInstallationId: BigInt(INSTALLATION_ID),
      accountId: 38302899n,
      login: overrides.login ?? ORG,
      accountType: "Organization",
      verification: overrides.verification ?? "verified",
      verificationError: overrides.verificationError ?? null,
      suspendedAt: overrides.suspendedAt ?? null,
      installedBy: PEOPLE.owner.login,
    },
  });
}

export function bearer(person: Person | string): Record<string, string> {
  return { authorization: `Bearer ${typeof person === "string" ? person : person.token}` };
}

export const GITHUB_WEB = "https://github.com";

/** Signs `person` in through the OAuth web flow; returns the Cookie header a browser would send. */
export async function signIn(app: Pick<TestApp, "baseUrl">, person: Person): Promise<{ cookie: string; csrfToken: string }> {
  const login = await fetch(`${app.baseUrl}/license-sync/auth/login`, { redirect: "manual" });
  const state = new URL(login.headers.get("location")!).searchParams.get("state")!;
  const stateCookie = login.headers.getSetCookie()[0]!.split(";")[0]!;
  nock(GITHUB_WEB).post("/login/oauth/access_token").reply(200, { access_token: person.token, token_type: "bearer", scope: "" });
  const callback = await fetch(`${app.baseUrl}/license-sync/auth/callback?code=code-${person.id}&state=${state}`, {
    redirect: "manual",
    headers: { cookie: stateCookie },
  });
  if (callback.status !== 302) throw new Error(`sign-in failed: ${callback.status} ${await callback.text()}`);
  const cookie = callback.headers.getSetCookie().find((c) => c.startsWith("license_sync_session="))!.split(";")[0]!;
  const session = (await (await fetch(`${app.baseUrl}/license-sync/auth/session`, { headers: { cookie } })).json()) as { csrf_token: string };
  return { cookie, csrfToken: session.csrf_token };
}

/**
 * The hooks every block of HTTP tests repeats: the app served once for the block (on its database),
 * GitHub stood in before each test and its mocks cleared after. Returns the app, read lazily, so
 * the block uses it as a plain `app`.
 */
export function useTestApp(db: () => Database, env: NodeJS.ProcessEnv = {}, overrides: Partial<AppDependencies> = {}): TestApp {
  let app: TestApp | undefined;
  beforeAll(async () => {
    app = await serveTestApp(db(), env, overrides);
  });
  afterAll(async () => app?.close());
  beforeEach(() => standInGitHub());
  afterEach(() => nock.cleanAll());
  return new Proxy({} as TestApp, { get: (_target, key) => Reflect.get(app!, key) });
}
