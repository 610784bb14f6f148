// Starts pg-boss and declares the queues and the fan-out schedule. Replicas starting together take
// turns (a session advisory lock), so pg-boss's schema install and the queue creation never race
// and every replica starts only once the queues exist.
import type PgBoss from "pg-boss";
import type { SqlClient } from "../db/sql-client.js";
import { lockKey } from "./lock-key.js";
import { QUEUES, queueDefinitions, type QueueSettings } from "./queues.js";

export async function installQueues(
  boss: PgBoss,
  sql: SqlClient,
  settings: QueueSettings,
  /** the cron of the fan-out, or null when this process does not schedule */
  syncCron: string | null,
): Promise<void> {
  const key = lockKey("pg-boss:install");
  await sql.session(async (connection) => {
    await connection.query("SELECT pg_advisory_lock($1::bigint)", [key]);
    try {
      await boss.start();
      for (const queue of queueDefinitions(settings)) {
        await boss.createQueue(queue.name, queue);
        // createQueue leaves an existing queue as it was; settings changed since must still apply.
        await boss.updateQueue(queue.name, queue);
      }
      if (syncCron) {
        await boss.schedule(QUEUES.fanout, syncCron, {}, { tz: "UTC" }).catch((error: unknown) => {
          throw new Error(`SYNC_CRON "${syncCron}" is not a cron expression pg-boss accepts: ${(error as Error).message}`, { cause: error });
        });
      }
    } finally {
      await connection.query("SELECT pg_advisory_unlock($1::bigint)", [key]).catch(() => undefined);
    }
  });
}
