// Reads a vitest JSON report (`npm test -- --reporter=default --reporter=json --outputFile.json=FILE`)
// and fails the CI step unless every test ran and passed: a skipped, pending or todo test fails it,
// listed with its full name (the suite puts the reason of an environment skip in the name, e.g.
// "(skipped: this run has no PostgreSQL server …)"). A machine CI runs on has everything the suite
// needs, so CI allows no skip; elsewhere, --allow-skip=TEXT lets skips whose name contains TEXT pass.
// --require=TEXT: at least one passed test's full name must contain TEXT (e.g. which browser ran).
//
// Usage: node scripts/check-test-report.mjs FILE [--allow-skip=TEXT]... [--require=TEXT]...
import { readFileSync } from "node:fs";
import console from "node:console";
import process from "node:process";

const [file, ...options] = process.argv.slice(2);
if (!file) {
  console.error("usage: node scripts/check-test-report.mjs FILE [--allow-skip=TEXT]... [--require=TEXT]...");
  process.exit(2);
}
const allowed = options.filter((o) => o.startsWith("--allow-skip=")).map((o) => o.slice("--allow-skip=".length));
const required = options.filter((o) => o.startsWith("--require=")).map((o) => o.slice("--require=".length));

const report = JSON.parse(readFileSync(file, "utf8"));
const tests = report.testResults.flatMap((suite) =>
  suite.assertionResults.map((test) => ({ file: suite.name, name: [...test.ancestorTitles, test.title].join(" > "), status: test.status })),
);
// A file that failed before its tests were collected (an import error) has no tests to list.
const brokenFiles = report.testResults.filter((suite) => suite.status === "failed" && suite.assertionResults.length === 0);

const count = (status) => tests.filter((t) => t.status === status).length;
const notRun = tests.filter((t) => t.status !== "passed" && t.status !== "failed");
const unexpected = notRun.filter((t) => !allowed.some((text) => t.name.includes(text)));
const problems = [];
if (tests.length === 0) problems.push("the report holds no test");
for (const suite of brokenFiles) problems.push(`${suite.name}: failed before its tests ran: ${String(suite.message).split("\n")[0]}`);
if (count("failed") > 0) problems.push(`${count("failed")} test(s) failed`);
for (const t of unexpected) problems.push(`${t.status}, not run: ${t.name} (${t.file})`);
for (const text of required) {
  if (!tests.some((t) => t.status === "passed" && t.name.includes(text))) problems.push(`no passed test's name contains ${JSON.stringify(text)}`);
}

console.log(`tests: ${count("passed")} passed, ${count("failed")} failed, ${notRun.length} skipped`);
if (notRun.length > unexpected.length) console.log(`${notRun.length - unexpected.length} skip(s) allowed by --allow-skip`);
if (problems.length > 0) {
  console.error(`The test report ${file} is not clean:\n- ${problems.join("\n- ")}`);
  process.exit(1);
}
