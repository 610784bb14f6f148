// The request id and client address of an API call, as the audit trail records them. The client
// address is the socket's peer: a proxy's `X-Forwarded-For` is not trusted without configuration.
import type { RequestOrigin } from "../audit/record-audit.js";
import type { RouteContext } from "./router.js";

export function requestOrigin(ctx: Pick<RouteContext, "req" | "requestId">): Required<RequestOrigin> {
  return { requestId: ctx.requestId, clientIp: ctx.req.socket.remoteAddress ?? null };
}
