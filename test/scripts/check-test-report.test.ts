// The CI step that reads vitest's JSON report: every test ran and passed, or it fails saying which did not.
import { execFile } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const SCRIPT = fileURLToPath(new URL("../../scripts/check-test-report.mjs", import.meta.url));

type Test = { title: string; ancestorTitles?: string[]; status: string };

function check(files: Record<string, Test[] | { failedToLoad: string }>, ...options: string[]): Promise<{ code: number; output: string }> {
  const report = {
    testResults: Object.entries(files).map(([name, tests]) =>
      "failedToLoad" in tests
        ? { name, status: "failed", message: tests.failedToLoad, assertionResults: [] }
        : { name, status: "passed", message: "", assertionResults: tests.map((t) => ({ ancestorTitles: [], ...t })) },
    ),
  };
  const file = join(mkdtempSync(join(tmpdir(), "report-")), "report.json");
  writeFileSync(file, JSON.stringify(report));
  return new Promise((resolve) => {
    execFile(process.execPath, [SCRIPT, file, ...options], (error, stdout, stderr) => resolve({ code: error ? Number(error.code) : 0, output: stdout + stderr }));
  });
}

const passed = (title: string, ancestorTitles: string[] = []): Test => ({ title, ancestorTitles, status: "passed" });

describe("check-test-report", () => {
  it("passes a run where every test passed, and prints the counts as CI reads them", async () => {
    const result = await check({ "a.test.ts": [passed("one"), passed("two")] });
    expect(result).toEqual({ code: 0, output: "tests: 2 passed, 0 failed, 0 skipped\n" });
  });

  it("fails on any test that did not run, naming it with the reason its name carries", async () => {
    const skipped: Test = { title: "refused", ancestorTitles: ["[postgres] pages (skipped: this run has no PostgreSQL server)"], status: "skipped" };
    const result = await check({ "a.test.ts": [passed("one"), skipped, { title: "later", status: "todo" }] });
    expect(result.code).toBe(1);
    expect(result.output).toContain("tests: 1 passed, 0 failed, 2 skipped");
    expect(result.output).toContain("skipped, not run: [postgres] pages (skipped: this run has no PostgreSQL server) > refused (a.test.ts)");
    expect(result.output).toContain("todo, not run: later");
    expect((await check({ "a.test.ts": [passed("one"), skipped] }, "--allow-skip=(skipped: this run has no PostgreSQL")).code).toBe(0);
  });

  it("fails on a failed test, a file that failed to load, an empty report, or a required test that did not pass", async () => {
    expect((await check({ "a.test.ts": [passed("one"), { title: "two", status: "failed" }] })).output).toContain("1 test(s) failed");
    const broken = await check({ "a.test.ts": [passed("one")], "b.test.ts": { failedToLoad: "SyntaxError: nope\n at b.test.ts:1" } });
    expect(broken).toMatchObject({ code: 1, output: expect.stringContaining("b.test.ts: failed before its tests ran: SyntaxError: nope") });
    expect(await check({})).toMatchObject({ code: 1, output: expect.stringContaining("the report holds no test") });
    const browser = await check({ "a.test.ts": [passed("signs in", ["dashboard in Chromium (/usr/bin/chromium)"])] }, "--require=(@sparticuz/chromium)");
    expect(browser).toMatchObject({ code: 1, output: expect.stringContaining('no passed test\'s name contains "(@sparticuz/chromium)"') });
  });
});
