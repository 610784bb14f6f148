// Names, public emails and verified-domain emails of many accounts, a batch of users per GraphQL
// query through aliases (`u0: user(login: $l0) {...}`). Logins travel as variables, never spliced
// into the query text. If the app may not read verified-domain emails, the batch is asked again
// without them and the rest of the pull skips them.
import { z } from "zod";
import { GRAPHQL_REFUSALS, graphqlFailure, type Octokit } from "./cloud-people.js";

export type UserDetails = { login: string; githubId: number | null; name: string | null; publicEmail: string | null; verifiedDomainEmails: string[] };
export type DetailsResult = { details: Map<string, UserDetails>; limitation: string | null };

export function userDetailsQuery(count: number, withDomainEmails: boolean): string {
  const variables = Array.from({ length: count }, (_, i) => `$l${i}: String!`).join(", ");
  const field = withDomainEmails ? " organizationVerifiedDomainEmails(login: $org)" : "";
  const users = Array.from({ length: count }, (_, i) => `  u${i}: user(login: $l${i}) { login databaseId name email${field} }`).join("\n");
  return `query ($org: String!, ${variables}) {\n${users}\n}`;
}

const user = z
  .object({
    login: z.string(),
    databaseId: z.number().int().nullable().optional(),
    name: z.string().nullable().optional(),
    email: z.string().nullable().optional(),
    organizationVerifiedDomainEmails: z.array(z.string()).optional(),
  })
  .nullable()
  .optional();

const blank = (value: string | null | undefined) => (value && value.trim() !== "" ? value.trim() : null);

export async function fetchUserDetails(octokit: Octokit, org: string, logins: string[], batchSize = 50): Promise<DetailsResult> {
  const details = new Map<string, UserDetails>();
  let withDomainEmails = true;
  let limitation: string | null = null;
  for (let start = 0; start < logins.length; start += batchSize) {
    const batch = logins.slice(start, start + batchSize);
    const variables: Record<string, string> = { org };
    batch.forEach((login, i) => (variables[`l${i}`] = login));
    let data: Record<string, unknown>;
    for (;;) {
      try {
        data = await octokit.graphql<Record<string, unknown>>(userDetailsQuery(batch.length, withDomainEmails), variables);
        break;
      } catch (error) {
        const failure = graphqlFailure(error);
        if (!failure) throw error;
        const domainRefused = failure.errors.find((e) => e.path?.includes("organizationVerifiedDomainEmails") && GRAPHQL_REFUSALS.has(e.type ?? ""));
        if (domainRefused && withDomainEmails) {
          withDomainEmails = false;
          limitation = `GitHub refused to show verified-domain emails (${domainRefused.type}: ${domainRefused.message ?? ""})`;
          continue;
        }
        // A login that no longer exists (renamed or deleted since the member list) is NOT_FOUND
        // for its alias alone; the other users of the batch are in the partial data.
        if (failure.errors.every((e) => e.type === "NOT_FOUND")) {
          data = (failure.data ?? {}) as Record<string, unknown>;
          break;
        }
        throw error;
      }
    }
    batch.forEach((_, i) => {
      const parsed = user.safeParse(data[`u${i}`]);
      if (!parsed.success) throw new Error(`GitHub's answer for user ${batch[i]} is not as expected: ${parsed.error.issues[0]!.message}`);
      const u = parsed.data;
      if (!u) return;
      details.set(u.login.toLowerCase(), {
        login: u.login,
        githubId: u.databaseId ?? null,
        name: blank(u.name),
        publicEmail: blank(u.email),
        verifiedDomainEmails: (u.organizationVerifiedDomainEmails ?? []).map((e) => e.trim()).filter((e) => e !== ""),
      });
    });
  }
  return { details, limitation };
}
