// The read side over HTTP, from a real count: consumed licenses paged like GitHub's API (and valid
// against GitHub's published schema), the CSV export, the status, run and usage history.
import { readFileSync } from "node:fs";
import { Ajv } from "ajv";
import { parse } from "csv-parse/sync";
import { expect, it } from "vitest";
import { processUpload } from "../../../src/sync/process-upload.js";
import { receiveUpload } from "../../../src/sync/receive-upload.js";
import { recount } from "../../../src/sync/recount.js";
import { describeEachDatabase } from "../../support/test-database.js";
import { bearer, ORG, PEOPLE, seedInstallation, useTestApp } from "./serve-test-app.js";

const schema = (name: string) => JSON.parse(readFileSync(new URL(`../../fixtures/ghec/${name}.schema.json`, import.meta.url), "utf8")) as object;
const owner = bearer(PEOPLE.owner);

describeEachDatabase("report routes", (db) => {
  const app = useTestApp(db);
  const url = (path: string) => `${app.baseUrl}/api/enterprises/${ORG}${path}`;

  /** Five GHES users (one suspended) on one server, counted: four licenses. */
  async function seedCount() {
    const installation = await seedInstallation(db());
    const server = await db().prisma.ghesServer.create({
      data: { installationId: installation.id, hostname: "ghes.example.com", apiUrl: "https://ghes.example.com/api/v3", registeredBy: PEOPLE.owner.login },
    });
    const rows = ["ada", "bob", "cy", "dee", "eve"].map((login, i) => `2020-01-01 00:00:00 UTC,${i + 1},${login},${login}@example.com,user,${login === "eve"}`);
    const receipt = await receiveUpload(db(), {
      installationId: installation.id,
      serverId: server.id,
      name: "all_users.csv",
      content: Buffer.from(["created_at,id,login,email,role,suspended?", ...rows].join("\n")),
      uploadedBy: "octo-owner",
    });
    await processUpload(db(), receipt.id);
    await recount(db(), installation.id, new Date("2026-11-25T12:00:00Z"), { seats: 10 });
    return { installation, server };
  }

  it("pages consumed licenses like GitHub, with a Link header, in GitHub's schema", async () => {
    await seedCount();
    const first = await fetch(url("/consumed-licenses?per_page=3"), { headers: owner });
    expect(first.status).toBe(200);
    const page = (await first.json()) as { total_seats_consumed: number; total_seats_purchased: number; users: Array<Record<string, unknown>> };
    expect(page.total_seats_consumed).toBe(4);
    expect(page.total_seats_purchased).toBe(10);
    expect(page.users).toHaveLength(3);
    expect(first.headers.get("link")).toContain('per_page=3&page=2>; rel="next"');
    const validate = new Ajv({ strict: false }).compile(schema("consumed-licenses"));
    expect(validate(page), JSON.stringify(validate.errors)).toBe(true);
    expect(page.users[0]).toMatchObject({ github_com_login: "", github_com_user: false, enterprise_server_user: true, total_user_accounts: 1 });

    const second = (await (await fetch(url("/consumed-licenses?per_page=3&page=2"), { headers: owner })).json()) as typeof page;
    expect(second.users).toHaveLength(1);
    const ids = [...page.users, ...second.users].flatMap((u) => u.enterprise_server_user_ids as string[]);
    expect(new Set(ids).size).toBe(4);
    expect(ids).not.toContain("ghes.example.com:5");

    const bad = await fetch(url("/consumed-licenses?per_page=500"), { headers: owner });
    expect(bad.status).toBe(422);
    expect(await bad.json()).toEqual({ message: "Invalid paging parameters", errors: [{ path: "per_page", message: "must be at most 100" }] });
  });

  it("exports every row as CSV with GHEC's columns, by Accept header or .csv suffix", async () => {
    await seedCount();
    for (const response of [
      await fetch(url("/consumed-licenses"), { headers: { ...owner, accept: "text/csv" } }),
      await fetch(url("/consumed-licenses.csv"), { headers: owner }),
    ]) {
      expect(response.status).toBe(200);
      expect(response.headers.get("content-type")).toBe("text/csv; charset=utf-8");
      expect(response.headers.get("content-disposition")).toMatch(/attachment; filename="acme-corp-consumed-licenses-\d{4}-\d{2}-\d{2}\.csv"/);
      const records = parse(await response.text(), { columns: true }) as Array<Record<string, string>>;
      expect(records).toHaveLength(4);
      expect(Object.keys(records[0]!)).toContain("enterprise_server_primary_emails");
      expect(records.map((r) => r.enterprise_server_primary_emails).sort()).toEqual(["ada@example.com", "bob@example.com", "cy@example.com", "dee@example.com"]);
    }
  });

  it("answers an installation that never counted with zeros, not an error", async () => {
    await seedInstallation(db());
    const page = await (await fetch(url("/consumed-licenses"), { headers: owner })).json();
    expect(page).toEqual({ total_seats_consumed: 0, total_seats_purchased: 0, users: [] });
    const csv = await (await fetch(url("/consumed-licenses.csv"), { headers: owner })).text();
    expect(csv.trim().split("\r\n")).toHaveLength(1);
  });

  it("says what the organization's last pull could not read", async () => {
    const installation = await seedInstallation(db());
    const snapshot = await db().prisma.cloudSnapshot.create({
      data: { installationId: installation.id, limitations: { saml: "SAML single sign-on is not enabled for the organization" } },
    });
    await db().prisma.installation.update({ where: { id: installation.id }, data: { currentCloudSnapshotId: snapshot.id } });
    const status = (await (await fetch(url("/license-sync-status"), { headers: owner })).json()) as { github_com: unknown };
    expect(status.github_com).toEqual({
      last_sync: { date: snapshot.createdAt.toISOString() },
      limitations: { saml: "SAML single sign-on is not enabled for the organization" },
    });
  });

  it("shows license-sync status in GitHub's shape, usage history and run history", async () => {
    const { server } = await seedCount();
    await db().prisma.ghesServer.create({
      data: { installationId: server.installationId, hostname: "never.example.com", apiUrl: "https://never.example.com/api/v3", registeredBy: "x" },
    });
    const status = (await (await fetch(url("/license-sync-status"), { headers: owner })).json()) as { server_instances: unknown[]; github_com: unknown };
    expect(status.github_com).toEqual({ last_sync: null, limitations: {} });
    const validate = new Ajv({ strict: false }).compile(schema("license-sync-status"));
    expect(validate(status), JSON.stringify(validate.errors)).toBe(true);
    expect(status.server_instances).toEqual([
      { server_id: server.id, hostname: "ghes.example.com", last_sync: { date: expect.any(String), status: "success", error: "" } },
      { server_id: expect.any(String), hostname: "never.example.com" },
    ]);

    const history = await (await fetch(url("/usage-history"), { headers: owner })).json();
    expect(history).toEqual({ usage: [{ date: "2026-11-23", consumed: 4, purchased: 10, per_deployment: expect.any(Object) }] });

    const runs = (await (await fetch(url("/sync-runs"), { headers: owner })).json()) as { total_count: number; sync_runs: Array<Record<string, unknown>> };
    expect(runs.total_count).toBe(1);
    expect(runs.sync_runs[0]).toMatchObject({ server_id: server.id, kind: "upload", status: "success", users_seen: 5 });
    expect((await fetch(url("/sync-runs?server_id=00000000-0000-4000-8000-000000000000"), { headers: owner })).status).toBe(404);
  });
});
