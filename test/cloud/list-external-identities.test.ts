import { readFileSync } from "node:fs";
import nock from "nock";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { listExternalIdentities } from "../../src/cloud/list-external-identities.js";
import { API, graphql, ORG, testOctokit } from "./github-stand-in.js";

const page = (n: number) => JSON.parse(readFileSync(new URL(`../fixtures/ghec/graphql-external-identities-page${n}.json`, import.meta.url), "utf8"));

describe("listExternalIdentities", () => {
  beforeEach(() => nock.disableNetConnect());
  afterEach(() => {
    nock.cleanAll();
    nock.enableNetConnect();
  });

  it("follows the cursor through every page", async () => {
    const calls = graphql((call) => page(call.variables.cursor === null ? 1 : 2), 2);
    const { identities, limitation } = await listExternalIdentities(testOctokit(), ORG);
    expect(limitation).toBeNull();
    expect(calls.map((c) => c.variables)).toEqual([
      { org: ORG, cursor: null },
      { org: ORG, cursor: "Y3Vyc29yOjE=" },
    ]);
    expect(identities).toEqual([
      { login: "ana-gh", samlNameId: "ana.lopez@corp.example", samlUsername: "ana.lopez", scimUsername: null, emails: ["Ana.Lopez@corp.example"] },
      { login: null, samlNameId: "unlinked@corp.example", samlUsername: null, scimUsername: null, emails: [] },
      { login: "ed-gh", samlNameId: null, samlUsername: null, scimUsername: "ed@corp.example", emails: ["ed@corp.example", "edward@corp.example"] },
    ]);
  });

  it("says so when the organization has no SAML single sign-on", async () => {
    graphql(() => ({ data: { organization: { samlIdentityProvider: null } } }));
    expect(await listExternalIdentities(testOctokit(), ORG)).toEqual({
      identities: [],
      limitation: "SAML single sign-on is not enabled for the organization",
    });
  });

  it("carries on when GitHub refuses to show identities", async () => {
    graphql(() => ({
      data: { organization: { samlIdentityProvider: null } },
      errors: [{ type: "FORBIDDEN", message: "Resource not accessible by integration", path: ["organization", "samlIdentityProvider"] }],
    }));
    const result = await listExternalIdentities(testOctokit(), ORG);
    expect(result.identities).toEqual([]);
    expect(result.limitation).toBe("GitHub refused to show SAML/SCIM identities (FORBIDDEN: Resource not accessible by integration)");
  });

  it("fails on other errors and on answers of the wrong shape", async () => {
    graphql(() => ({ data: null, errors: [{ type: "INTERNAL", message: "Something went wrong" }] }));
    await expect(listExternalIdentities(testOctokit(), ORG)).rejects.toThrow(/Something went wrong/);

    nock(API).post("/graphql").reply(500, { message: "boom" });
    await expect(listExternalIdentities(testOctokit(), ORG)).rejects.toMatchObject({ status: 500 });

    graphql(() => ({ data: { organization: { samlIdentityProvider: { externalIdentities: { nodes: "x" } } } } }));
    await expect(listExternalIdentities(testOctokit(), ORG)).rejects.toThrow(/SAML identities answer is not as expected/);
  });
});
