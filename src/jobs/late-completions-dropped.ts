// pg-boss 10 records a job's outcome without awaiting it (manager.js: `this.complete(…)` /
// `this.fail(…)` in the worker's onFetch). A handler that outlives the graceful stop finishes after
// the database may have closed, and that write becomes an unhandled rejection, which ends a Node
// process. By then the stop has already failed the job ("pg-boss shut down while active"), so it is
// retried; the late outcome is dropped and said at debug level. Anything else still fails loudly:
// a job sent after the stop (an upload's recount) must still be queued or refused.
import type PgBoss from "pg-boss";
import type { Logger } from "pino";

/** pg-boss 10.4's completeJobs and failJobsById statements (plans.js), recognised by their start. */
const COMPLETION = /^\s*WITH (results AS \(\s*UPDATE \S+\.job\s+SET completed_on = now\(\)|deleted_jobs AS \(\s*DELETE FROM \S+\.job\s+WHERE name = \$1 AND id IN)/;

export function lateCompletionsDropped(db: PgBoss.Db, stopped: () => boolean, log: Pick<Logger, "debug">): PgBoss.Db {
  return {
    async executeSql(text: string, values: unknown[]) {
      try {
        return await db.executeSql(text, values);
      } catch (error) {
        if (!stopped() || !COMPLETION.test(text)) throw error;
        log.debug({ err: error }, "a job finished after the job system stopped; its outcome is dropped (the stop already failed it for a retry)");
        // Both statements answer one row with the count of jobs they changed: none.
        return { rows: [{ count: "0" }] };
      }
    },
  };
}
