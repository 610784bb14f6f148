// Paged people lists at scale: a page is at most PEOPLE_PER_PAGE rows; search treats % and _ as text.
import { expect, it } from "vitest";
import { escapeLikePattern, PEOPLE_PER_PAGE, searchPeople, unmatchedPeople } from "../../src/dashboard/people-pages.js";
import { describeEachDatabase } from "../support/test-database.js";
import { seedDashboard, type SeedPerson } from "./seed-dashboard.js";

it("escapes LIKE wildcards and the escape character", () => {
  expect(escapeLikePattern("a%b_c\\d")).toBe("a\\%b\\_c\\\\d");
});

describeEachDatabase("people pages", (db) => {
  const unmatched = (i: number): SeedPerson => ({ ghes: { hostname: "ghes.example.com", id: 100 + i, email: `user${i}@old.example` }, rule: "none", detail: `user${i} matched nobody` });

  it("pages the unmatched GHES users and leaves out cloud-only people", async () => {
    const people: SeedPerson[] = [{ login: "cloud-only" }, ...Array.from({ length: PEOPLE_PER_PAGE + 5 }, (_, i) => unmatched(i))];
    const { recount } = await seedDashboard(db(), people);
    const first = await unmatchedPeople(db(), recount.id, 1);
    expect(first.rows).toHaveLength(PEOPLE_PER_PAGE);
    expect(first.hasNext).toBe(true);
    expect(first.rows[0]!.enterprise_server_emails).toEqual(["user0@old.example"]);
    const second = await unmatchedPeople(db(), recount.id, 2);
    expect(second.rows.map((r) => r.enterprise_server_emails[0])).toEqual(["user25@old.example", "user26@old.example", "user27@old.example", "user28@old.example", "user29@old.example"]);
    expect(second.hasNext).toBe(false);
    expect(await unmatchedPeople(db(), null, 1)).toEqual({ rows: [], page: 1, hasNext: false });
  });

  it("searches case-insensitively and takes % and _ literally", async () => {
    const { recount } = await seedDashboard(db(), [
      { login: "ada", name: "Ada Lovelace" },
      { login: "under_score", name: "Under Score" },
      { login: "percent", name: "100% Sure" },
    ]);
    expect((await searchPeople(db(), recount.id, "LOVELACE", 1)).rows.map((r) => r.github_com_login)).toEqual(["ada"]);
    expect((await searchPeople(db(), recount.id, "_", 1)).rows.map((r) => r.github_com_login)).toEqual(["under_score"]);
    expect((await searchPeople(db(), recount.id, "%", 1)).rows.map((r) => r.github_com_login)).toEqual(["percent"]);
    expect((await searchPeople(db(), recount.id, "   ", 1)).rows).toEqual([]);
  });
});
