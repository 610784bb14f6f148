// Reading the audit trail over HTTP: owners only, newest first, filtered by action and actor, paged.
import { expect, it } from "vitest";
import { recordAudit } from "../../src/audit/record-audit.js";
import { describeEachDatabase } from "../support/test-database.js";
import { bearer, ORG, PEOPLE, type Person, seedInstallation, useTestApp } from "../http/api/serve-test-app.js";

type Page = { total_count: number; audit_entries: Array<{ id: string; at: string; actor: string; action: string; target: string | null; request_id: string | null }> };

describeEachDatabase("audit-log route", (db) => {
  const app = useTestApp(db, {}, { engine: false });

  async function seedEntries() {
    const installation = await seedInstallation(db());
    const other = await db().prisma.installation.create({
      data: { githubInstallationId: 1n, accountId: 2n, login: "other-org", accountType: "Organization", verification: "verified", installedBy: "someone" },
    });
    const base = Date.UTC(2026, 0, 1);
    const acts: Array<[string, string]> = [
      ["github", "installation.created"],
      [PEOPLE.owner.login, "server.registered"],
      [PEOPLE.owner.login, "server.license_sync_enabled"],
      ["scheduler", "sync.started"],
      [PEOPLE.owner.login, "sync.started"],
    ];
    for (const [i, [actor, action]] of acts.entries()) {
      await recordAudit(db(), { installationId: installation.id, actor, action, target: "ghes.example.com", requestId: `req-${i}`, at: new Date(base + i * 60_000) });
    }
    await recordAudit(db(), { installationId: other.id, actor: PEOPLE.owner.login, action: "server.registered", target: "elsewhere", at: new Date(base) });
  }
  const get = (query: string, person: Person = PEOPLE.owner) => fetch(`${app.baseUrl}/api/enterprises/${ORG}/audit-log${query}`, { headers: bearer(person) });

  it("lists this organization's entries, newest first", async () => {
    await seedEntries();
    const response = await get("");
    expect(response.status).toBe(200);
    const page = (await response.json()) as Page;
    expect(page.total_count).toBe(5);
    expect(page.audit_entries.map((e) => e.request_id)).toEqual(["req-4", "req-3", "req-2", "req-1", "req-0"]);
    expect(page.audit_entries[0]).toMatchObject({ actor: PEOPLE.owner.login, action: "sync.started", target: "ghes.example.com", at: "2026-01-01T00:04:00.000Z" });
  });

  it("filters by action and by actor (any case), and pages with a Link header", async () => {
    await seedEntries();
    const byAction = (await (await get("?action=sync.started")).json()) as Page;
    expect(byAction.audit_entries.map((e) => e.actor)).toEqual([PEOPLE.owner.login, "scheduler"]);
    const byActor = (await (await get(`?actor=${PEOPLE.owner.login.toUpperCase()}&action=server.registered`)).json()) as Page;
    expect(byActor.audit_entries.map((e) => e.request_id)).toEqual(["req-1"]);

    const second = await get("?per_page=2&page=2");
    const page = (await second.json()) as Page;
    expect(page.total_count).toBe(5);
    expect(page.audit_entries.map((e) => e.request_id)).toEqual(["req-2", "req-1"]);
    expect(second.headers.get("link")).toContain('page=3>; rel="next"');
    expect(second.headers.get("link")).toContain('page=1>; rel="prev"');
  });

  it("refuses bad filters and paging with the field at fault", async () => {
    await seedInstallation(db());
    const empty = await get("?action=");
    expect(empty.status).toBe(422);
    expect(((await empty.json()) as { errors: Array<{ path: string }> }).errors).toEqual([expect.objectContaining({ path: "action" })]);
    expect((await get("?per_page=0")).status).toBe(422);
  });

  it("is for owners only", async () => {
    await seedEntries();
    expect((await fetch(`${app.baseUrl}/api/enterprises/${ORG}/audit-log`)).status).toBe(401);
    const member = await get("", PEOPLE.member);
    expect(member.status).toBe(403);
    expect(JSON.stringify(await member.json())).not.toContain("req-");
    expect((await get("", PEOPLE.billing)).status).toBe(403);
    expect((await get("", PEOPLE.otherOwner)).status).toBe(404);
  });
});
