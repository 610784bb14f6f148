// requireOwner as a service: ownership answers are cached for minutes (owners) or one minute
// (non-owners) per user and installation, and asked again after that.
import type { IncomingMessage } from "node:http";
import nock from "nock";
import { afterEach, beforeEach, expect, it } from "vitest";
import { createAuth } from "../../src/auth/create-auth.js";
import { requireOwner } from "../../src/auth/require-owner.js";
import { HttpError } from "../../src/http/http-error.js";
import { testDependencies, TestOctokit } from "../support/test-app.js";
import { describeEachDatabase } from "../support/test-database.js";
import { GITHUB_API, INSTALLATION_ID, ORG, PEOPLE, seedInstallation } from "../http/api/serve-test-app.js";

const request = (token: string, method = "GET") => ({ method, headers: { authorization: `Bearer ${token}` } }) as unknown as IncomingMessage;

describeEachDatabase("requireOwner", (db) => {
  let now = Date.parse("2026-11-30T10:00:00Z");
  beforeEach(() => {
    nock.disableNetConnect();
    now = Date.parse("2026-11-30T10:00:00Z");
  });
  afterEach(() => nock.cleanAll());

  async function setUp() {
    const installation = await seedInstallation(db());
    const deps = await testDependencies(db(), { now: () => new Date(now) });
    const asked: number[] = [];
    const auth = createAuth(deps, {
      auth: async (id: number) => {
        asked.push(id);
        return new TestOctokit({ auth: "ghs_installation-token-000000000000" });
      },
    });
    return { auth, installation, asked };
  }

  it("returns the caller and installation, asking GitHub once while the answer is fresh", async () => {
    const { auth, installation, asked } = await setUp();
    const user = nock(GITHUB_API).get("/user").once().reply(200, { login: PEOPLE.owner.login, id: PEOPLE.owner.id });
    const membership = nock(GITHUB_API).get(`/orgs/${ORG}/memberships/${PEOPLE.owner.login}`).twice().reply(200, { role: "admin", state: "active" });

    const first = await requireOwner(request(PEOPLE.owner.token), auth, ORG);
    expect(first).toMatchObject({ via: "token", user: { login: PEOPLE.owner.login }, installation: { id: installation.id } });
    now += 4 * 60_000;
    await requireOwner(request(PEOPLE.owner.token), auth, ORG);
    expect(asked).toEqual([INSTALLATION_ID]);
    expect(user.isDone()).toBe(true);
    expect(membership.pendingMocks()).toHaveLength(1);

    // After five minutes GitHub is asked again: a removed owner does not keep access for hours.
    now += 2 * 60_000;
    nock(GITHUB_API).get("/user").reply(200, { login: PEOPLE.owner.login, id: PEOPLE.owner.id });
    await requireOwner(request(PEOPLE.owner.token), auth, ORG);
    expect(membership.isDone()).toBe(true);
  });

  it("keeps a 'not an owner' answer for one minute only, so a new owner gets in soon", async () => {
    const { auth } = await setUp();
    nock(GITHUB_API).persist().get("/user").reply(200, { login: PEOPLE.member.login, id: PEOPLE.member.id });
    nock(GITHUB_API).get(`/orgs/${ORG}/memberships/${PEOPLE.member.login}`).reply(200, { role: "member", state: "active" });
    const refused = await requireOwner(request(PEOPLE.member.token), auth, ORG).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(HttpError);
    expect((refused as HttpError).status).toBe(403);

    nock(GITHUB_API).get(`/orgs/${ORG}/memberships/${PEOPLE.member.login}`).reply(200, { role: "admin", state: "active" });
    now += 30_000;
    await expect(requireOwner(request(PEOPLE.member.token), auth, ORG)).rejects.toMatchObject({ status: 403 });
    now += 31_000;
    await expect(requireOwner(request(PEOPLE.member.token), auth, ORG)).resolves.toMatchObject({ user: { login: PEOPLE.member.login } });
  });

  it("answers 503 when GitHub cannot be asked who the token is", async () => {
    const { auth } = await setUp();
    nock(GITHUB_API).get("/user").reply(500, { message: "oops" });
    await expect(requireOwner(request(PEOPLE.owner.token), auth, ORG)).rejects.toMatchObject({ status: 503 });
  });

  it("keeps only a hash of the token as the cache key", async () => {
    const { auth } = await setUp();
    nock(GITHUB_API).get("/user").reply(200, { login: PEOPLE.owner.login, id: PEOPLE.owner.id });
    nock(GITHUB_API).get(`/orgs/${ORG}/memberships/${PEOPLE.owner.login}`).reply(200, { role: "admin", state: "active" });
    await requireOwner(request(PEOPLE.owner.token), auth, ORG);
    let keys = "";
    auth.users.deleteWhere((key) => {
      keys += key;
      return false;
    });
    expect(keys).toMatch(/^[0-9a-f]{64}$/);
    expect(keys).not.toContain(PEOPLE.owner.token);
  });
});
