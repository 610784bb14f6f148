// Housekeeping every worker does now and then. Each task is idempotent, so replicas doing it at
// the same time only repeat a delete; one failing task does not stop the others.
import type { Logger } from "pino";
import { pruneAuditEntries } from "../audit/prune-audit-entries.js";
import { purgeExpiredSessions } from "../auth/purge-expired-sessions.js";
import type { Database } from "../db/open-database.js";
import { purgeExpiredInstallations } from "../installations/purge-expired-installations.js";
import { reverifyPendingInstallations, type OctokitForInstallation } from "../installations/reverify-pending-installations.js";
import { recoverStaleUploads } from "../sync/recover-stale-uploads.js";
import { pruneWebhookDeliveries } from "../webhooks/prune-webhook-deliveries.js";
import { pruneUsageHistory } from "./prune-usage-history.js";

export type MaintenanceDeps = { db: Database; now: () => Date; log: Logger; octokitFor: OctokitForInstallation };

export async function runMaintenance(deps: MaintenanceDeps): Promise<Record<string, unknown>> {
  const { db, now, log } = deps;
  const tasks: Record<string, () => Promise<unknown>> = {
    reverifiedInstallations: () => reverifyPendingInstallations(deps.octokitFor, db, now()),
    purgedInstallations: () => purgeExpiredInstallations(db, now()),
    prunedUsagePoints: () => pruneUsageHistory(db, now()),
    prunedAuditEntries: () => pruneAuditEntries(db, now()),
    prunedDeliveries: () => pruneWebhookDeliveries(db, now()),
    purgedSessions: () => purgeExpiredSessions(db, now()),
    // Uploads whose process died before finishing them: FAILURE with the reason, ids in the result.
    failedStaleUploads: async () => (await recoverStaleUploads(db, now())).map((u) => u.id),
  };
  const results: Record<string, unknown> = {};
  for (const [name, task] of Object.entries(tasks)) {
    try {
      results[name] = await task();
    } catch (error) {
      results[name] = "failed";
      log.warn({ err: error, task: name }, "maintenance task failed");
    }
  }
  return results;
}

/** Runs maintenance every `intervalMs` (first after `firstAfterMs`); returns the function that stops it. */
export function scheduleMaintenance(deps: MaintenanceDeps, intervalMs = 60 * 60_000, firstAfterMs = 60_000): () => Promise<void> {
  let running: Promise<unknown> = Promise.resolve();
  const tick = () => {
    running = runMaintenance(deps).then((results) => deps.log.debug({ results }, "maintenance done"));
  };
  const first = setTimeout(tick, firstAfterMs);
  const every = setInterval(tick, intervalMs);
  first.unref();
  every.unref();
  return async () => {
    clearTimeout(first);
    clearInterval(every);
    await running.catch(() => undefined);
  };
}
