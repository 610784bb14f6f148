// A real local HTTP(S) server standing in for GitHub Enterprise Server, on 127.0.0.1 and port 0.
// It answers what the app asks of GHES (`/api/v3/user`, `/api/v3/meta`,
// `/api/v3/enterprise/settings/license`, `/stafftools/reports/all_users.csv`) from the tokens it
// is given, records every request, and lets a test replace any route (redirects, 500s, stalls).
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import http, { type IncomingMessage, type ServerResponse } from "node:http";
import https from "node:https";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

export type StandInAccount = { login: string; siteAdmin: boolean; /** X-OAuth-Scopes; null sends no header (a fine-grained token) */ scopes: string[] | null };

export type RecordedRequest = { method: string; path: string; authorization: string | undefined };

export type RouteOverride = (req: IncomingMessage, res: ServerResponse) => void;

export type GhesStandIn = {
  /** e.g. http://127.0.0.1:41234 */
  origin: string;
  /** origin + /api/v3 */
  apiUrl: string;
  port: number;
  requests: RecordedRequest[];
  /** token → account; add or change accounts during a test */
  accounts: Map<string, StandInAccount>;
  /** replaces one path's answer (path without query) */
  override(path: string, handler: RouteOverride): void;
  close(): Promise<void>;
};

export type StandInOptions = {
  tls?: { key: string; cert: string };
  version?: string;
  accounts?: Record<string, StandInAccount>;
  license?: Record<string, unknown>;
  /** all_users.csv answers 202 this many times before the report */
  reportPendingTimes?: number;
  report?: string;
};

export async function startGhesStandIn(options: StandInOptions = {}): Promise<GhesStandIn> {
  const accounts = new Map(Object.entries(options.accounts ?? {}));
  const overrides = new Map<string, RouteOverride>();
  const requests: RecordedRequest[] = [];
  let pending = options.reportPendingTimes ?? 0;
  const version = options.version ?? "3.14.2";

  const handler = (req: IncomingMessage, res: ServerResponse) => {
    const path = new URL(req.url ?? "/", "http://stand-in").pathname;
    requests.push({ method: req.method ?? "GET", path, authorization: req.headers.authorization });
    const override = overrides.get(path);
    if (override) return override(req, res);
    const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { "content-type": "application/json", "x-github-enterprise-version": version, ...headers });
      res.end(JSON.stringify(body));
    };
    const account = accountFor(req.headers.authorization, accounts);
    if (path === "/api/v3/meta") return send(200, { installed_version: version, verifiable_password_authentication: true });
    if (!account) return send(401, { message: "Bad credentials", documentation_url: "https://docs.github.com/enterprise-server" });
    const scopeHeader: Record<string, string> = account.scopes === null ? {} : { "x-oauth-scopes": account.scopes.join(", ") };
    if (path === "/api/v3/user") return send(200, { login: account.login, id: 7, site_admin: account.siteAdmin }, scopeHeader);
    if (!account.siteAdmin || !account.scopes?.includes("site_admin")) return send(404, { message: "Not Found" });
    if (path === "/api/v3/enterprise/settings/license") {
      return send(200, options.license ?? { seats: 500, seats_used: 12, seats_available: 488, kind: "standard", days_until_expiration: 300, expire_at: "2027/02/06 12:41:52 -0600" });
    }
    if (path === "/stafftools/reports/all_users.csv") {
      if (pending > 0) {
        pending -= 1;
        return send(202, { message: "Report is being generated" });
      }
      res.writeHead(200, { "content-type": "text/csv" });
      return res.end(options.report ?? "created_at,id,login,email\n");
    }
    return send(404, { message: "Not Found" });
  };

  const server = options.tls ? https.createServer({ key: options.tls.key, cert: options.tls.cert }, handler) : http.createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  const origin = `${options.tls ? "https" : "http"}://127.0.0.1:${port}`;
  return {
    origin,
    apiUrl: `${origin}/api/v3`,
    port,
    requests,
    accounts,
    override: (path, fn) => void overrides.set(path, fn),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function accountFor(authorization: string | undefined, accounts: Map<string, StandInAccount>): StandInAccount | undefined {
  if (!authorization) return undefined;
  const [scheme, value = ""] = authorization.split(" ");
  if (scheme === "token" || scheme === "Bearer") return accounts.get(value);
  if (scheme === "Basic") {
    const [login, token = ""] = Buffer.from(value, "base64").toString("utf8").split(":");
    const account = accounts.get(token);
    return account?.login === login ? account : undefined;
  }
  return undefined;
}

/** A throw-away self-signed certificate for the given names (openssl, at test time). */
export function selfSignedCertificate(names: { dns?: string[]; ip?: string[] } = { ip: ["127.0.0.1"] }): { key: string; cert: string } {
  const dir = mkdtempSync(join(tmpdir(), "ghes-cert-"));
  try {
    const san = [...(names.dns ?? []).map((n) => `DNS:${n}`), ...(names.ip ?? []).map((n) => `IP:${n}`)].join(",");
    execFileSync(
      "openssl",
      ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=license-sync test GHES",
        "-keyout", join(dir, "key.pem"), "-out", join(dir, "cert.pem"), "-addext", `subjectAltName=${san}`],
      { stdio: "ignore" },
    );
    return { key: readFileSync(join(dir, "key.pem"), "utf8"), cert: readFileSync(join(dir, "cert.pem"), "utf8") };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A port that was free a moment ago and has nothing listening on it now. */
export async function closedPort(): Promise<number> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
