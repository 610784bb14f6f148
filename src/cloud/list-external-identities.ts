// The organization's linked SAML/SCIM identities (GraphQL, paged with cursors). An organization
// without SAML single sign-on answers `samlIdentityProvider: null`; a token that may not read
// them answers FORBIDDEN. Either way the pull goes on without identities and says why.
import { z } from "zod";
import { GRAPHQL_REFUSALS, graphqlFailure, type CloudIdentity, type Octokit } from "./cloud-people.js";

export const EXTERNAL_IDENTITIES_QUERY = `query ($org: String!, $cursor: String) {
  organization(login: $org) {
    samlIdentityProvider {
      externalIdentities(first: 100, after: $cursor) {
        pageInfo { hasNextPage endCursor }
        nodes {
          samlIdentity { nameId username emails { value } }
          scimIdentity { username emails { value } }
          user { login }
        }
      }
    }
  }
}`;

const emails = z.array(z.object({ value: z.string().nullable().optional() })).nullable().optional();
const page = z.object({
  organization: z
    .object({
      samlIdentityProvider: z
        .object({
          externalIdentities: z.object({
            pageInfo: z.object({ hasNextPage: z.boolean(), endCursor: z.string().nullable() }),
            nodes: z.array(
              z.object({
                samlIdentity: z.object({ nameId: z.string().nullable().optional(), username: z.string().nullable().optional(), emails }).nullable().optional(),
                scimIdentity: z.object({ username: z.string().nullable().optional(), emails }).nullable().optional(),
                user: z.object({ login: z.string() }).nullable().optional(),
              }).nullable(),
            ),
          }),
        })
        .nullable(),
    })
    .nullable(),
});

export type IdentitiesResult = { identities: CloudIdentity[]; limitation: string | null };

export async function listExternalIdentities(octokit: Octokit, org: string): Promise<IdentitiesResult> {
  const identities: CloudIdentity[] = [];
  let cursor: string | null = null;
  for (;;) {
    let data: unknown;
    try {
      data = await octokit.graphql(EXTERNAL_IDENTITIES_QUERY, { org, cursor });
    } catch (error) {
      const failure = graphqlFailure(error);
      const refusal = failure?.errors.find((e) => e.type !== undefined && GRAPHQL_REFUSALS.has(e.type));
      if (!refusal) throw error;
      return { identities: [], limitation: `GitHub refused to show SAML/SCIM identities (${refusal.type}: ${refusal.message ?? ""})` };
    }
    const parsed = page.safeParse(data);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      throw new Error(`GitHub's SAML identities answer is not as expected at ${issue.path.join(".")}: ${issue.message}`);
    }
    const provider = parsed.data.organization?.samlIdentityProvider;
    if (!provider) return { identities: [], limitation: "SAML single sign-on is not enabled for the organization" };
    for (const node of provider.externalIdentities.nodes) {
      if (!node) continue;
      const all = [...(node.samlIdentity?.emails ?? []), ...(node.scimIdentity?.emails ?? [])]
        .map((e) => e.value?.trim())
        .filter((v): v is string => !!v);
      identities.push({
        login: node.user?.login ?? null,
        samlNameId: node.samlIdentity?.nameId ?? null,
        samlUsername: node.samlIdentity?.username ?? null,
        scimUsername: node.scimIdentity?.username ?? null,
        emails: [...new Set(all)],
      });
    }
    const { hasNextPage, endCursor } = provider.externalIdentities.pageInfo;
    if (!hasNextPage || !endCursor) return { identities, limitation: null };
    cursor = endCursor;
  }
}
