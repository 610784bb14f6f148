// A job outcome pg-boss writes after the job system stopped (and the database closed) is dropped
// instead of becoming an unhandled rejection; everything else still fails as it should.
import { createRequire } from "node:module";
import PgBoss from "pg-boss";
import { expect, it } from "vitest";
import { lateCompletionsDropped } from "../../src/jobs/late-completions-dropped.js";
import { captureLog } from "../support/test-app.js";

// pg-boss's own statements, so a pg-boss upgrade that rewords them fails here.
const plans = createRequire(import.meta.url)("pg-boss/src/plans.js") as Record<string, (schema: string) => string>;
const COMPLETE = plans.completeJobs!("pgboss");
const FAIL = plans.failJobsById!("pgboss");
const SEND = "SELECT pgboss.create_queue($1, $2)";

const closed = { executeSql: () => Promise.reject(new Error("Cannot use a pool after calling end on the pool")) };

it("drops a late complete or fail once stopped, and says so at debug level", async () => {
  const { log, lines } = captureLog("debug");
  const db = lateCompletionsDropped(closed, () => true, log);
  // The answer pg-boss reads (manager.js mapCommandResponse: rows[0].count) says no job changed.
  await expect(db.executeSql(COMPLETE, ["recount", ["id"], null])).resolves.toEqual({ rows: [{ count: "0" }] });
  await expect(db.executeSql(FAIL, ["recount", ["id"], null])).resolves.toEqual({ rows: [{ count: "0" }] });
  expect(lines.filter((l) => l.includes("its outcome is dropped"))).toHaveLength(2);
});

it("still fails a completion while running, and any other statement after the stop", async () => {
  const { log } = captureLog("debug");
  await expect(lateCompletionsDropped(closed, () => false, log).executeSql(COMPLETE, [])).rejects.toThrow(/after calling end/);
  await expect(lateCompletionsDropped(closed, () => true, log).executeSql(SEND, ["recount", {}])).rejects.toThrow(/after calling end/);
  await expect(lateCompletionsDropped(closed, () => true, log).executeSql(plans.failJobsByTimeout!("pgboss"), [])).rejects.toThrow(/after calling end/);
});

it("passes answers through untouched", async () => {
  const rows = [{ count: 1 }];
  const db = lateCompletionsDropped({ executeSql: async () => ({ rows }) }, () => true, captureLog().log);
  expect(await db.executeSql(COMPLETE, [])).toEqual({ rows });
});

it("gives pg-boss an answer it can read: a late complete or fail after the stop settles", async () => {
  const boss = new PgBoss({ db: lateCompletionsDropped(closed, () => true, captureLog().log) });
  const id = "00000000-0000-0000-0000-000000000001";
  await expect(boss.fail("recount", id, { message: "late" })).resolves.toMatchObject({ requested: 1, affected: 0 });
  await expect(boss.complete("recount", id)).resolves.toMatchObject({ requested: 1, affected: 0 });
});
