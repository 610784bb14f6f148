// `GET /metrics` for Prometheus: absent (404) unless METRICS_TOKEN is set, then only for
// `Authorization: Bearer <METRICS_TOKEN>` (compared in constant time, so timing reveals nothing).
import { createHash, timingSafeEqual } from "node:crypto";
import { HttpError } from "../http/http-error.js";
import type { Router } from "../http/router.js";
import type { Metrics } from "./create-metrics.js";

const digest = (value: string) => createHash("sha256").update(value).digest();

export function registerMetricsRoute(router: Router, metrics: Metrics, token: string | undefined): void {
  router.get("/metrics", async ({ req, res }) => {
    if (token === undefined) throw new HttpError(404, "Not found");
    const match = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? "");
    // Hashing first gives equal lengths, which timingSafeEqual needs, without leaking the length.
    if (!match || !timingSafeEqual(digest(match[1]!), digest(token))) {
      throw new HttpError(401, "Send Authorization: Bearer <METRICS_TOKEN>", undefined, { "www-authenticate": 'Bearer realm="metrics"' });
    }
    const body = await metrics.registry.metrics();
    res.writeHead(200, { "content-type": metrics.registry.contentType, "cache-control": "no-store" });
    res.end(body);
  });
}
