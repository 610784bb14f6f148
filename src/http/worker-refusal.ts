// What a worker replica (APP_ROLE=worker) answers to everything but its health routes: webhooks,
// the API and the dashboard belong to the web replicas. A load balancer that sends them here is
// misconfigured, so the answer says so instead of Probot's bare 404 (or, for a webhook, a silent 200).
import type { IncomingMessage, ServerResponse } from "node:http";
import { sendJson } from "./respond.js";

export const WORKER_REFUSAL =
  "This replica is a worker (APP_ROLE=worker): it serves only /healthz and /readyz; webhooks, the API and the dashboard are served by the web replicas";

export async function workerRefusal(_req: IncomingMessage, res: ServerResponse): Promise<boolean> {
  sendJson(res, 404, { message: WORKER_REFUSAL });
  return true;
}
