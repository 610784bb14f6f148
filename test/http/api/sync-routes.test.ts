// Sync now, manual uploads and identity mappings over HTTP, as an owner uses them.
import http from "node:http";
import { expect, it } from "vitest";
import { describeEachDatabase } from "../../support/test-database.js";
import { waitFor } from "../../support/wait-for.js";
import { bearer, ORG, PEOPLE, seedInstallation, useTestApp } from "./serve-test-app.js";

const HEADER = "created_at,id,login,email,role,suspended?";
const owner = bearer(PEOPLE.owner);

describeEachDatabase("sync routes", (db) => {
  const app = useTestApp(db, {}, { engine: { work: false } });

  async function seedServer(licenseSync: "enabled" | "disabled" = "disabled") {
    const installation = await seedInstallation(db());
    const server = await db().prisma.ghesServer.create({
      data: {
        installationId: installation.id,
        hostname: "ghes.example.com",
        apiUrl: "https://ghes.example.com/api/v3",
        registeredBy: PEOPLE.owner.login,
        licenseSync,
        tokenSealed: licenseSync === "enabled" ? "sealed" : null,
      },
    });
    return { installation, server };
  }
  const url = (path: string) => `${app.baseUrl}/api/enterprises/${ORG}${path}`;
  const upload = (serverId: string, body: string | Buffer, headers: Record<string, string> = { "content-type": "text/csv" }, query = "") =>
    fetch(url(`/servers/${serverId}/usage-uploads${query}`), { method: "POST", headers: { ...owner, ...headers }, body });

  it("Sync now queues one run and answers 202 with its id; pressed again, the same run", async () => {
    const { server } = await seedServer("enabled");
    const first = await fetch(url(`/servers/${server.id}/sync`), { method: "POST", headers: owner });
    expect(first.status).toBe(202);
    const body = (await first.json()) as { id: string; status: string };
    expect(body.status).toBe("queued");
    expect(await db().prisma.syncRun.findUniqueOrThrow({ where: { id: body.id } })).toMatchObject({
      serverId: server.id,
      kind: "manual",
      status: "queued",
      triggeredBy: PEOPLE.owner.login,
    });
    const again = await fetch(url(`/servers/${server.id}/sync`), { method: "POST", headers: owner });
    expect(((await again.json()) as { id: string }).id).toBe(body.id);

    const runs = (await (await fetch(url(`/sync-runs?server_id=${server.id}`), { headers: owner })).json()) as { sync_runs: Array<{ id: string; status: string }> };
    expect(runs.sync_runs).toEqual([expect.objectContaining({ id: body.id, status: "queued", kind: "manual" })]);
  });

  it("Sync now refuses a switched-off server (409) and an unknown one (404)", async () => {
    const { server } = await seedServer("disabled");
    const off = await fetch(url(`/servers/${server.id}/sync`), { method: "POST", headers: owner });
    expect(off.status).toBe(409);
    const unknown = await fetch(url(`/servers/00000000-0000-4000-8000-000000000000/sync`), { method: "POST", headers: owner });
    expect(unknown.status).toBe(404);
    expect(await db().prisma.syncRun.count()).toBe(0);
  });

  it("takes an upload (202 PENDING), then shows it SUCCESS with its rows, named after the file", async () => {
    const { server } = await seedServer();
    const csv = [HEADER, "2020-01-01 00:00:00 UTC,1,ada,ada@example.com,user,false", "2020-01-01 00:00:00 UTC,2,bob,bob@example.com,user,false"].join("\n");
    const response = await upload(server.id, csv, { "content-type": "text/csv", "content-disposition": 'attachment; filename="ghes-export.csv"' });
    expect(response.status).toBe(202);
    const receipt = (await response.json()) as { id: string; name: string; state: string };
    expect(receipt).toMatchObject({ name: "ghes-export.csv", state: "PENDING" });

    const done = await waitFor(async () => {
      const view = (await (await fetch(url(`/servers/${server.id}/usage-uploads/${receipt.id}`), { headers: owner })).json()) as { state: string };
      return view.state !== "PENDING" && view;
    });
    expect(done).toMatchObject({ id: receipt.id, name: "ghes-export.csv", state: "SUCCESS", rows: 2, error: null });
    const list = (await (await fetch(url(`/servers/${server.id}/usage-uploads`), { headers: owner })).json()) as { usage_uploads: unknown[] };
    expect(list.usage_uploads).toHaveLength(1);
    const status = (await (await fetch(url("/license-sync-status"), { headers: owner })).json()) as { server_instances: Array<{ last_sync: unknown }> };
    expect(status.server_instances[0]!.last_sync).toMatchObject({ status: "success", error: "" });
  });

  it("takes an upload whose Content-Disposition filename decodes to control characters (a NUL was a 500), naming it without them", async () => {
    const { server } = await seedServer();
    const response = await upload(server.id, `${HEADER}\n`, { "content-type": "text/csv", "content-disposition": "attachment; filename*=UTF-8''a%00b%1B.csv" });
    expect(response.status).toBe(202);
    expect(await response.json()).toMatchObject({ name: "ab.csv", state: "PENDING" });
    expect(await db().prisma.upload.findFirstOrThrow()).toMatchObject({ name: "ab.csv" });
  });

  it("records a malformed upload as FAILURE with the line, changing nothing else", async () => {
    const { server } = await seedServer();
    const response = await upload(server.id, `${HEADER}\n2020-01-01 00:00:00 UTC,x,ada,ada@example.com,user,false\n`, undefined, "?name=bad.csv");
    const receipt = (await response.json()) as { id: string };
    const done = await waitFor(async () => {
      const view = (await (await fetch(url(`/servers/${server.id}/usage-uploads/${receipt.id}`), { headers: owner })).json()) as { state: string };
      return view.state !== "PENDING" && view;
    });
    expect(done).toMatchObject({ name: "bad.csv", state: "FAILURE", error: expect.stringMatching(/line 2/) });
    expect((await db().prisma.ghesServer.findUniqueOrThrow({ where: { id: server.id } })).currentSnapshotId).toBeNull();
  });

  it("refuses a body that is not text (415), of another type (415) or too large (413), storing nothing", async () => {
    const { server } = await seedServer();
    expect((await upload(server.id, Buffer.from([0xff, 0xfe, 0x00, 0x41]))).status).toBe(415);
    expect((await upload(server.id, "{}", { "content-type": "application/json" })).status).toBe(415);

    // Declared larger than the limit: refused before the body is read.
    const tooLarge = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = http.request(url(`/servers/${server.id}/usage-uploads`), {
        method: "POST",
        headers: { ...owner, "content-type": "text/csv", "content-length": String(200 * 1024 * 1024) },
      });
      req.on("response", (res) => {
        let body = "";
        res.on("data", (chunk) => (body += chunk));
        res.on("end", () => resolve({ status: res.statusCode!, body }));
      });
      req.on("error", reject);
      req.write(HEADER);
    });
    expect(tooLarge.status).toBe(413);
    expect(JSON.parse(tooLarge.body)).toEqual({ message: "Request body is larger than the limit of 64 MB" });
    expect(await db().prisma.upload.count()).toBe(0);
  });

  it("replaces the identity mappings whole, or with a bad line not at all", async () => {
    await seedServer();
    const put = (body: string) => fetch(url("/identity-mappings"), { method: "PUT", headers: { ...owner, "content-type": "text/csv" }, body });
    const ok = await put("enterprise_server_login_or_email,github_com_login\nAda@Example.com,ada-gh\nbob-ghes,bob\n");
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({ mappings: 2 });

    const bad = await put("enterprise_server_login_or_email,github_com_login\ncarol@example.com,carol\nx@example.com,not a login\nada@example.com,other\n");
    expect(bad.status).toBe(422);
    expect(((await bad.json()) as { errors: unknown[] }).errors).toEqual([{ path: "line 3", message: '"not a login" is not a GitHub login' }]);

    const list = (await (await fetch(url("/identity-mappings"), { headers: owner })).json()) as { identity_mappings: unknown[] };
    expect(list.identity_mappings).toEqual([
      { enterprise_server_login_or_email: "ada@example.com", github_com_login: "ada-gh", uploaded_by: PEOPLE.owner.login },
      { enterprise_server_login_or_email: "bob-ghes", github_com_login: "bob", uploaded_by: PEOPLE.owner.login },
    ]);
    const header = await put("login,github\nx,y\n");
    expect(((await header.json()) as { errors: unknown[] }).errors).toEqual([
      { path: "line 1", message: "the header must be enterprise_server_login_or_email,github_com_login" },
    ]);
  });
});
