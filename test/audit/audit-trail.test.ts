// Every act of an owner through the API leaves exactly one audit entry: the right actor, action,
// target, the request's id and the caller's address, and never the token it carried.
import nock from "nock";
import { afterAll, afterEach, beforeAll, beforeEach, expect, it } from "vitest";
import { startGhesStandIn, type GhesStandIn } from "../support/ghes-stand-in.js";
import { describeEachDatabase } from "../support/test-database.js";
import { waitFor } from "../support/wait-for.js";
import { bearer, ORG, PEOPLE, seedInstallation, serveTestApp, standInGitHub, type TestApp } from "../http/api/serve-test-app.js";

const ADMIN = "ghp_auditadmin00000000000000000000000001";
const ROTATED = "ghp_auditrotated000000000000000000000002";
const BASE = `/api/enterprises/${ORG}`;

describeEachDatabase("audit trail of API calls", (db) => {
  let app: TestApp;
  let ghes: GhesStandIn;
  beforeAll(async () => {
    app = await serveTestApp(db(), {}, { engine: { work: false } });
    ghes = await startGhesStandIn({
      version: "3.15.0",
      accounts: {
        [ADMIN]: { login: "ghes-admin", siteAdmin: true, scopes: ["site_admin"] },
        [ROTATED]: { login: "ghes-admin2", siteAdmin: true, scopes: ["site_admin"] },
      },
    });
  });
  afterAll(async () => {
    await app.close();
    await ghes.close();
  });
  beforeEach(() => standInGitHub());
  afterEach(() => nock.cleanAll());

  const call = async (requestId: string, method: string, path: string, body?: string, contentType = "application/json") => {
    const response = await fetch(`${app.baseUrl}${BASE}${path}`, {
      method,
      headers: { ...bearer(PEOPLE.owner), "x-request-id": requestId, ...(body !== undefined ? { "content-type": contentType } : {}) },
      body,
    });
    expect(response.headers.get("x-request-id")).toBe(requestId);
    return response;
  };

  it("records each act once, with actor, target, request id and client address; no secret anywhere", async () => {
    const installation = await seedInstallation(db());
    const registered = await call("req-register", "POST", "/servers", JSON.stringify({ hostname: "ghes.example.com", api_url: ghes.apiUrl, token: ADMIN }));
    expect(registered.status).toBe(201);
    const serverId = ((await registered.json()) as { id: string }).id;
    expect((await call("req-rotate", "PATCH", `/servers/${serverId}`, JSON.stringify({ token: ROTATED }))).status).toBe(200);
    expect((await call("req-enable", "PATCH", `/servers/${serverId}`, JSON.stringify({ license_sync: "enabled" }))).status).toBe(200);
    const sync = await call("req-sync", "POST", `/servers/${serverId}/sync`);
    expect(sync.status).toBe(202);
    const runId = ((await sync.json()) as { id: string }).id;
    const uploaded = await call("req-upload", "POST", `/servers/${serverId}/usage-uploads?name=report.csv`, "created_at,id,login,email,role,suspended?\n", "text/csv");
    expect(uploaded.status).toBe(202);
    const uploadId = ((await uploaded.json()) as { id: string }).id;
    // The upload is processed after the answer; wait for it so nothing runs past this test.
    await waitFor(async () => (await db().prisma.upload.findUnique({ where: { id: uploadId } }))?.state !== "PENDING", { what: "the upload to be processed" });
    expect((await call("req-map", "PUT", "/identity-mappings", "enterprise_server_login_or_email,github_com_login\nghes-jane,jane\n", "text/csv")).status).toBe(200);
    expect((await call("req-disable", "PATCH", `/servers/${serverId}`, JSON.stringify({ license_sync: "disabled" }))).status).toBe(200);
    expect((await call("req-delete", "DELETE", `/servers/${serverId}`)).status).toBe(204);

    const entries = await db().prisma.auditEntry.findMany({ orderBy: { id: "asc" } });
    expect(entries.map((e) => [e.requestId, e.action, e.actor, e.target, e.installationId])).toEqual([
      ["req-register", "server.registered", PEOPLE.owner.login, "ghes.example.com", installation.id],
      ["req-rotate", "server.token_rotated", PEOPLE.owner.login, "ghes.example.com", installation.id],
      ["req-enable", "server.license_sync_enabled", PEOPLE.owner.login, "ghes.example.com", installation.id],
      ["req-sync", "sync.started", PEOPLE.owner.login, "ghes.example.com", installation.id],
      ["req-upload", "upload.received", PEOPLE.owner.login, "ghes.example.com", installation.id],
      ["req-map", "identity_mappings.replaced", PEOPLE.owner.login, ORG, installation.id],
      ["req-disable", "server.license_sync_disabled", PEOPLE.owner.login, "ghes.example.com", installation.id],
      ["req-delete", "server.deleted", PEOPLE.owner.login, "ghes.example.com", installation.id],
    ]);
    for (const entry of entries) expect(entry.clientIp).toMatch(/127\.0\.0\.1$/);
    expect(entries[3]!.details).toEqual({ server_id: serverId, run_id: runId });
    expect(entries[4]!.details).toMatchObject({ upload_id: uploadId, name: "report.csv" });
    expect(entries[5]!.details).toEqual({ mappings: 1 });
    const stored = JSON.stringify(entries, (_key, value: unknown) => (typeof value === "bigint" ? value.toString() : value));
    expect(stored).not.toContain(ADMIN);
    expect(stored).not.toContain(ROTATED);
    expect(stored).not.toContain(PEOPLE.owner.token);
    // The request id is in that request's log lines too.
    expect(app.logLines.some((line) => line.includes('"requestId":"req-register"') && line.includes("registered ghes.example.com"))).toBe(true);
  });

  it("a refused act leaves no entry", async () => {
    await seedInstallation(db());
    const refused = await fetch(`${app.baseUrl}${BASE}/servers`, {
      method: "POST",
      headers: { ...bearer(PEOPLE.member), "content-type": "application/json" },
      body: JSON.stringify({ hostname: "ghes.example.com" }),
    });
    expect(refused.status).toBe(403);
    expect(await db().prisma.auditEntry.count()).toBe(0);
  });
});
