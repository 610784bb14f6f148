// The lock name of what a job works on: one server, one installation's cloud side, or one
// installation's recount. The job handlers and the recovery of abandoned jobs must agree on it.
import { QUEUES } from "./queues.js";

export function subjectLockName(queue: string, data: unknown): string | null {
  const fields = (data ?? {}) as { target?: unknown; key?: unknown; installationId?: unknown };
  if ((queue === QUEUES.server || queue === QUEUES.cloud) && typeof fields.target === "string" && typeof fields.key === "string") {
    return `${fields.target}:${fields.key}`;
  }
  if (queue === QUEUES.recount && typeof fields.installationId === "number") return `recount:${fields.installationId}`;
  return null;
}
