// GitHub as the load benchmark's app needs it, on loopback (GHE_HOST points the app here): who a
// token is (`GET /user`), an installation token, and the bench owner's organization membership.
// The app caches the user and the ownership for minutes, so these are asked once per run; the
// counts are printed to show that steady-state reads measure the app, not this stand-in.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { BENCH_OWNER } from "./seed.js";

export const BENCH_TOKEN = "gho_benchowner000000000000000000000000001";

export type GitHubStandIn = { host: string; calls: Record<string, number>; close(): Promise<void> };

export async function startGitHubStandIn(): Promise<GitHubStandIn> {
  const calls: Record<string, number> = {};
  const server = http.createServer((req, res) => {
    const path = new URL(req.url ?? "/", "http://stand-in").pathname;
    const reply = (status: number, body: unknown) => {
      res.writeHead(status, { "content-type": "application/json; charset=utf-8" }).end(JSON.stringify(body));
    };
    req.resume();
    if (req.method === "GET" && path === "/api/v3/user") {
      calls["GET /user"] = (calls["GET /user"] ?? 0) + 1;
      if (req.headers.authorization !== `Bearer ${BENCH_TOKEN}`) return reply(401, { message: "Bad credentials" });
      return reply(200, { login: BENCH_OWNER.login, id: BENCH_OWNER.id, type: "User" });
    }
    if (req.method === "POST" && /^\/api\/v3\/app\/installations\/\d+\/access_tokens$/.test(path)) {
      calls["POST installation token"] = (calls["POST installation token"] ?? 0) + 1;
      return reply(201, { token: "ghs_benchinstallation00000000000000000001", expires_at: new Date(Date.now() + 3_600_000).toISOString() });
    }
    const membership = /^\/api\/v3\/orgs\/([^/]+)\/memberships\/([^/]+)$/.exec(path);
    if (req.method === "GET" && membership) {
      calls["GET membership"] = (calls["GET membership"] ?? 0) + 1;
      const login = decodeURIComponent(membership[2]!);
      if (login.toLowerCase() !== BENCH_OWNER.login) return reply(404, { message: "Not Found" });
      return reply(200, { state: "active", role: "admin", user: { login: BENCH_OWNER.login, id: BENCH_OWNER.id } });
    }
    calls[`unexpected ${req.method} ${path}`] = (calls[`unexpected ${req.method} ${path}`] ?? 0) + 1;
    return reply(404, { message: "Not Found" });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    host: `127.0.0.1:${(server.address() as AddressInfo).port}`,
    calls,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
