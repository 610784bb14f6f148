import nock from "nock";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { fetchUserDetails, userDetailsQuery } from "../../src/cloud/fetch-user-details.js";
import { graphql, ORG, testOctokit, type GraphqlCall } from "./github-stand-in.js";

/** Answers a batched user query from a table of known users. */
function usersAnswer(known: Record<string, { id: number; name?: string | null; email?: string; domain?: string[] }>) {
  return (call: GraphqlCall) => {
    const data: Record<string, unknown> = {};
    const errors: unknown[] = [];
    for (const [key, login] of Object.entries(call.variables)) {
      if (!key.startsWith("l")) continue;
      const alias = `u${key.slice(1)}`;
      const user = known[String(login)];
      if (!user) {
        data[alias] = null;
        errors.push({ type: "NOT_FOUND", path: [alias], message: `Could not resolve to a User with the login of '${String(login)}'.` });
        continue;
      }
      data[alias] = {
        login,
        databaseId: user.id,
        name: user.name ?? null,
        email: user.email ?? "",
        ...(call.query.includes("organizationVerifiedDomainEmails") ? { organizationVerifiedDomainEmails: user.domain ?? [] } : {}),
      };
    }
    return errors.length ? { data, errors } : { data };
  };
}

describe("fetchUserDetails", () => {
  beforeEach(() => nock.disableNetConnect());
  afterEach(() => {
    nock.cleanAll();
    nock.enableNetConnect();
  });

  it("asks for many users per query through aliases, with logins as variables", async () => {
    const known = Object.fromEntries(Array.from({ length: 5 }, (_, i) => [`user${i}`, { id: 100 + i, name: `User ${i}`, email: i === 0 ? "u0@home.example" : "", domain: i === 1 ? ["u1@corp.example"] : [] }]));
    const calls = graphql(usersAnswer(known), 3);
    const { details, limitation } = await fetchUserDetails(testOctokit(), ORG, Object.keys(known), 2);

    expect(limitation).toBeNull();
    expect(calls).toHaveLength(3);
    expect(calls[0]!.variables).toEqual({ org: ORG, l0: "user0", l1: "user1" });
    expect(calls[0]!.query).toBe(userDetailsQuery(2, true));
    expect(calls[0]!.query).not.toContain("user0");
    expect(details.get("user0")).toEqual({ login: "user0", githubId: 100, name: "User 0", publicEmail: "u0@home.example", verifiedDomainEmails: [] });
    expect(details.get("user1")).toMatchObject({ publicEmail: null, verifiedDomainEmails: ["u1@corp.example"] });
    expect(details.size).toBe(5);
  });

  it("skips a login that no longer exists and keeps the rest of its batch", async () => {
    graphql(usersAnswer({ alive: { id: 1, name: "Alive" } }));
    const { details } = await fetchUserDetails(testOctokit(), ORG, ["gone", "alive"]);
    expect([...details.keys()]).toEqual(["alive"]);
  });

  it("asks again without verified-domain emails when GitHub refuses them, and says so", async () => {
    const answer = usersAnswer({ a: { id: 1, email: "a@home.example" }, b: { id: 2 } });
    const calls = graphql((call) => {
      if (call.query.includes("organizationVerifiedDomainEmails")) {
        return { data: { u0: null, u1: null }, errors: [{ type: "FORBIDDEN", path: ["u0", "organizationVerifiedDomainEmails"], message: "Resource not accessible by integration" }] };
      }
      return answer(call);
    }, 3);
    const { details, limitation } = await fetchUserDetails(testOctokit(), ORG, ["a", "b"], 1);
    expect(limitation).toBe("GitHub refused to show verified-domain emails (FORBIDDEN: Resource not accessible by integration)");
    expect(calls.map((c) => c.query.includes("organizationVerifiedDomainEmails"))).toEqual([true, false, false]);
    expect(details.get("a")).toMatchObject({ publicEmail: "a@home.example", verifiedDomainEmails: [] });
    expect(details.get("b")).toMatchObject({ githubId: 2 });
  });

  it("fails on other GraphQL errors", async () => {
    graphql(() => ({ data: null, errors: [{ type: "RATE_LIMITED", message: "API rate limit exceeded" }] }));
    await expect(fetchUserDetails(testOctokit(), ORG, ["a"])).rejects.toThrow(/rate limit/);
  });

  it("asks nothing for no logins", async () => {
    const { details } = await fetchUserDetails(testOctokit(), ORG, []);
    expect(details.size).toBe(0);
  });
});
