// nock set-ups for the organization's side of GitHub, shared by the cloud tests.
import nock from "nock";
import { TestOctokit } from "../support/test-app.js";

export const API = "https://api.github.com";
export const ORG = "octo-org";

export function testOctokit() {
  return new TestOctokit({ auth: "ghs_installation_token_for_tests" });
}

export const account = (login: string, id: number) => ({ login, id, type: "User", site_admin: false });

/** REST list pages joined by `Link: <...>; rel="next"` headers. */
export function pagedList(path: string, query: Record<string, string>, pages: unknown[][]): void {
  pages.forEach((page, i) => {
    const scope = nock(API)
      .get(path)
      .query({ ...query, per_page: "100", ...(i > 0 ? { page: String(i + 1) } : {}) });
    const next = i + 1 < pages.length ? { link: `<${API}${path}?${new URLSearchParams({ ...query, per_page: "100", page: String(i + 2) })}>; rel="next"` } : undefined;
    scope.reply(200, page, next);
  });
}

export type GraphqlCall = { query: string; variables: Record<string, unknown> };

/** Answers GraphQL posts one by one with `answer(call)`, recording every call. */
export function graphql(answer: (call: GraphqlCall) => unknown, times = 1): GraphqlCall[] {
  const calls: GraphqlCall[] = [];
  nock(API)
    .post("/graphql")
    .times(times)
    .reply(200, (_uri, body) => {
      const call = body as GraphqlCall;
      calls.push(call);
      return answer(call);
    });
  return calls;
}
