// Every `/api/enterprises/{enterprise}/…` route module, registered on the app's router. Routes that
// other modules add take the same `Auth` and call `requireOwner` first.
import type { Auth } from "../../auth/create-auth.js";
import type { GhesTransport } from "../../ghes/ghes-transport.js";
import type { Lookup } from "../../ghes/forbidden-address.js";
import type { Router } from "../router.js";
import { registerServerRoutes, type RouteLog } from "./server-routes.js";

export type ApiOptions = {
  /** the GHES transport (ghesTransportFromConfig), shared with the sync engine */
  transport: GhesTransport;
  /** DNS for the metadata-address check (tests) */
  lookup?: Lookup;
  /** the app's logger (Probot's `app.log`) */
  log: RouteLog;
};

export function registerApiRoutes(router: Router, auth: Auth, options: ApiOptions): void {
  const { db, box, secrets, now, config } = auth.deps;
  registerServerRoutes(router, auth, { db, box, secrets, now, transport: options.transport, allowHttp: config.ghesAllowHttp, lookup: options.lookup }, options.log);
}
