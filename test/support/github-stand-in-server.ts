// A real local HTTP server standing in for GitHub's cloud side, for app processes that nock cannot
// reach (they run in other processes). Point them at it with GHE_HOST=127.0.0.1:<port> and
// GHE_PROTOCOL=http: REST under /api/v3, GraphQL at /api/graphql, as on a GitHub Enterprise host.
// It answers what the app asks: installation tokens, `GET /user` by token, organization
// memberships, the member / outside collaborator / invitation lists, and GraphQL with no SAML
// identities and plain user details. Every request is recorded.
import http, { type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export type StandInPerson = { login: string; id: number; token: string; role?: "admin" | "member" };

export type GithubStandIn = {
  /** for GHE_HOST */
  host: string;
  apiUrl: string;
  requests: Array<{ method: string; path: string }>;
  close(): Promise<void>;
};

export type GithubStandInOptions = { org: string; installationId: number; people: StandInPerson[] };

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let body = "";
    req.setEncoding("utf8");
    req.on("data", (chunk: string) => (body += chunk));
    req.on("end", () => resolve(body));
    req.on("error", reject);
  });
}

function graphqlAnswer(body: string, people: StandInPerson[]): unknown {
  const { query, variables } = JSON.parse(body || "{}") as { query?: string; variables?: Record<string, unknown> };
  if (query?.includes("samlIdentityProvider")) return { data: { organization: { samlIdentityProvider: null } } };
  // User details by alias: u0 for $l0 and so on.
  const data: Record<string, unknown> = {};
  for (const [name, login] of Object.entries(variables ?? {})) {
    const match = /^l(\d+)$/.exec(name);
    if (!match) continue;
    const person = people.find((p) => p.login === login);
    data[`u${match[1]}`] = person ? { login: person.login, databaseId: person.id, name: null, email: null, organizationVerifiedDomainEmails: [] } : null;
  }
  return { data };
}

export async function startGithubStandIn(options: GithubStandInOptions): Promise<GithubStandIn> {
  const { org, installationId, people } = options;
  const requests: GithubStandIn["requests"] = [];
  const account = (p: StandInPerson) => ({ login: p.login, id: p.id, type: "User", site_admin: false });

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? "/", "http://stand-in");
    const path = url.pathname;
    requests.push({ method: req.method ?? "GET", path });
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { "content-type": "application/json" });
      res.end(JSON.stringify(body));
    };
    const body = await readBody(req);
    if (req.method === "POST" && path === `/api/v3/app/installations/${installationId}/access_tokens`) {
      return send(201, { token: `ghs_standin${installationId}`, expires_at: new Date(Date.now() + 3_600_000).toISOString() });
    }
    if (req.method === "POST" && path === "/api/graphql") return send(200, graphqlAnswer(body, people));
    if (req.method !== "GET") return send(404, { message: "Not Found" });
    if (path === "/api/v3/user") {
      const person = people.find((p) => req.headers.authorization === `Bearer ${p.token}` || req.headers.authorization === `token ${p.token}`);
      return person ? send(200, account(person)) : send(401, { message: "Bad credentials" });
    }
    const membership = new RegExp(`^/api/v3/orgs/${org}/memberships/([^/]+)$`).exec(path);
    if (membership) {
      const person = people.find((p) => p.login.toLowerCase() === decodeURIComponent(membership[1]!).toLowerCase());
      if (!person?.role) return send(404, { message: "Not Found" });
      return send(200, { state: "active", role: person.role, user: account(person) });
    }
    if (path === `/api/v3/orgs/${org}/members`) {
      const role = url.searchParams.get("role");
      if (url.searchParams.get("filter") === "2fa_disabled") return send(200, []);
      return send(200, people.filter((p) => p.role !== undefined && (role === null || role === "all" || p.role === role)).map(account));
    }
    if (path === `/api/v3/orgs/${org}/outside_collaborators` || path === `/api/v3/orgs/${org}/invitations`) return send(200, []);
    return send(404, { message: "Not Found" });
  };

  const server = http.createServer((req, res) => {
    handle(req, res).catch(() => res.writeHead(500).end());
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    host: `127.0.0.1:${port}`,
    apiUrl: `http://127.0.0.1:${port}/api/v3`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
