import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { createGhesTransport, type GhesTransport } from "../../src/ghes/ghes-transport.js";
import { verifySiteAdminToken } from "../../src/ghes/verify-site-admin-token.js";
import { closedPort, selfSignedCertificate, startGhesStandIn, type GhesStandIn } from "../support/ghes-stand-in.js";

const ADMIN_TOKEN = "ghp_siteadmin0000000000000000000000000001";
const PLAIN_TOKEN = "ghp_plainuser0000000000000000000000000002";
const NO_SCOPE_TOKEN = "ghp_adminnoscope00000000000000000000000003";
const FINE_GRAINED = "github_pat_finegrained000000000000000004";

const accounts = {
  [ADMIN_TOKEN]: { login: "ada", siteAdmin: true, scopes: ["repo", "site_admin"] },
  [PLAIN_TOKEN]: { login: "bob", siteAdmin: false, scopes: ["repo", "site_admin"] },
  [NO_SCOPE_TOKEN]: { login: "cy", siteAdmin: true, scopes: ["repo", "read:org"] },
  [FINE_GRAINED]: { login: "dee", siteAdmin: true, scopes: null },
};

describe("verifySiteAdminToken against a stand-in GHES", () => {
  const cleanups: Array<() => unknown> = [];
  afterEach(async () => {
    while (cleanups.length) await cleanups.pop()!();
  });
  async function standIn(options: Parameters<typeof startGhesStandIn>[0] = {}): Promise<GhesStandIn> {
    const ghes = await startGhesStandIn({ accounts, version: "3.14.2", ...options });
    cleanups.push(() => ghes.close());
    return ghes;
  }
  function transport(options: Partial<Parameters<typeof createGhesTransport>[0]> = {}): GhesTransport {
    const t = createGhesTransport({ allowHttp: true, timeoutMs: 5_000, ...options });
    cleanups.push(() => t.close());
    return t;
  }

  it("accepts a site admin's classic token with the site_admin scope and reads the version", async () => {
    const ghes = await standIn();
    const result = await verifySiteAdminToken(transport(), ghes.apiUrl, ADMIN_TOKEN);
    expect(result).toEqual({ ok: true, login: "ada", scopes: ["repo", "site_admin"], version: "3.14.2" });
    expect(ghes.requests.map((r) => r.path)).toEqual(["/api/v3/user", "/api/v3/meta"]);
    expect(ghes.requests[0]!.authorization).toBe(`token ${ADMIN_TOKEN}`);
  });

  it("refuses a token whose owner is not a site admin", async () => {
    const ghes = await standIn();
    const result = await verifySiteAdminToken(transport(), ghes.apiUrl, PLAIN_TOKEN);
    expect(result).toMatchObject({ ok: false, check: "site_admin" });
    expect(result.ok === false && result.message).toContain("bob is not a site administrator");
  });

  it("refuses a site admin's token without the site_admin scope, listing the scopes it has", async () => {
    const ghes = await standIn();
    const result = await verifySiteAdminToken(transport(), ghes.apiUrl, NO_SCOPE_TOKEN);
    expect(result).toEqual({ ok: false, check: "scope", message: "the token lacks the site_admin scope (it has: repo, read:org)" });
  });

  it("refuses a token without X-OAuth-Scopes (not a classic token)", async () => {
    const ghes = await standIn();
    const result = await verifySiteAdminToken(transport(), ghes.apiUrl, FINE_GRAINED);
    expect(result).toMatchObject({ ok: false, check: "scope" });
    expect(result.ok === false && result.message).toContain("classic personal access token");
  });

  it("refuses a token GHES answers 401 for", async () => {
    const ghes = await standIn();
    const result = await verifySiteAdminToken(transport(), ghes.apiUrl, "ghp_unknown000000000000000000000000000099");
    expect(result).toMatchObject({ ok: false, check: "token" });
    expect(result.ok === false && result.message).toContain("401");
  });

  it("refuses a token GHES answers 403 for, quoting GHES's reason", async () => {
    const ghes = await standIn();
    ghes.override("/api/v3/user", (_req, res) => {
      res.writeHead(403, { "content-type": "application/json" });
      res.end(JSON.stringify({ message: "Your IP address is not allowed" }));
    });
    const result = await verifySiteAdminToken(transport(), ghes.apiUrl, ADMIN_TOKEN);
    expect(result).toEqual({ ok: false, check: "token", message: "GHES refused the token (403 Forbidden: Your IP address is not allowed)" });
  });

  it("says the host is unreachable when nothing listens", async () => {
    const port = await closedPort();
    const result = await verifySiteAdminToken(transport(), `http://127.0.0.1:${port}/api/v3`, ADMIN_TOKEN);
    expect(result).toMatchObject({ ok: false, check: "reachable" });
    expect(result.ok === false && result.message).toContain("ECONNREFUSED");
  });

  it("refuses a certificate it cannot verify, pointing at GHES_CA_FILE, and trusts it once given as CA", async () => {
    const tls = selfSignedCertificate({ ip: ["127.0.0.1"] });
    const ghes = await standIn({ tls });
    const refused = await verifySiteAdminToken(transport({ allowHttp: false }), ghes.apiUrl, ADMIN_TOKEN);
    expect(refused).toMatchObject({ ok: false, check: "tls" });
    expect(refused.ok === false && refused.message).toContain("GHES_CA_FILE");
    expect(ghes.requests).toHaveLength(0);

    const trusted = await verifySiteAdminToken(transport({ allowHttp: false, extraCa: tls.cert }), ghes.apiUrl, ADMIN_TOKEN);
    expect(trusted).toMatchObject({ ok: true, login: "ada" });
  });

  it("does not follow a redirect to another host, so the token never reaches it", async () => {
    const elsewhere: string[] = [];
    const other = http.createServer((req, res) => {
      elsewhere.push(String(req.headers.authorization));
      res.end("{}");
    });
    await new Promise<void>((resolve) => other.listen(0, "127.0.0.1", resolve));
    cleanups.push(() => new Promise((resolve) => other.close(resolve)));
    const otherOrigin = `http://127.0.0.1:${(other.address() as AddressInfo).port}`;
    const ghes = await standIn();
    ghes.override("/api/v3/user", (_req, res) => {
      res.writeHead(302, { location: `${otherOrigin}/api/v3/user` });
      res.end();
    });

    const result = await verifySiteAdminToken(transport(), ghes.apiUrl, ADMIN_TOKEN);
    expect(result).toMatchObject({ ok: false, check: "redirect" });
    expect(result.ok === false && result.message).toContain(otherOrigin);
    expect(elsewhere).toEqual([]);
  });

  it("refuses a URL that is not a GHES API", async () => {
    const ghes = await standIn();
    ghes.override("/api/v3/user", (_req, res) => {
      res.writeHead(200, { "content-type": "text/html" });
      res.end("<html>hello</html>");
    });
    const result = await verifySiteAdminToken(transport(), ghes.apiUrl, ADMIN_TOKEN);
    expect(result).toMatchObject({ ok: false, check: "response" });
  });

  it("keeps an admin's token valid when /meta fails, taking the version header or none", async () => {
    const ghes = await standIn();
    ghes.override("/api/v3/meta", (_req, res) => {
      res.writeHead(500);
      res.end();
    });
    const result = await verifySiteAdminToken(transport(), ghes.apiUrl, ADMIN_TOKEN);
    expect(result).toMatchObject({ ok: true, version: null });
  });

  it("never puts the token in a refusal message", async () => {
    const ghes = await standIn();
    const results = await Promise.all(
      [PLAIN_TOKEN, NO_SCOPE_TOKEN, FINE_GRAINED, "ghp_unknown000000000000000000000000000099"].map((token) =>
        verifySiteAdminToken(transport(), ghes.apiUrl, token).then((r) => ({ token, r })),
      ),
    );
    for (const { token, r } of results) {
      expect(r.ok).toBe(false);
      expect(JSON.stringify(r)).not.toContain(token);
    }
  });
});
