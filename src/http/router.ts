// A small router for Probot's `addHandler`: method + path pattern (`/api/x/:id`), handlers that
// return nothing and throw HttpError for refusals. Unmatched requests fall through to the next handler.
// Every request it answers carries a request id (the caller's `X-Request-Id` when well-formed, else
// a new one), returned in `X-Request-Id` and bound to the request's log lines, so one request can
// be followed from the caller through the logs to the audit trail.
import type { IncomingMessage, ServerResponse } from "node:http";
import { HttpError, type FieldError } from "./http-error.js";
import { requestIdOf } from "./request-id.js";
import { sendJson } from "./respond.js";

/** The logger a route gets: the app's logger bound to the request id. */
export type RequestLog = {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
  debug(obj: object, msg?: string): void;
};

export type RouteContext = {
  req: IncomingMessage;
  res: ServerResponse;
  params: Record<string, string>;
  url: URL;
  requestId: string;
  log: RequestLog;
};

export type RouteHandler = (ctx: RouteContext) => Promise<void> | void;
export type NodeHandler = (req: IncomingMessage, res: ServerResponse) => Promise<boolean>;
type Logger = { error(obj: object, msg?: string): void; child?(bindings: Record<string, unknown>): RequestLog };

const noop = () => undefined;

type Route = { method: string; pattern: RegExp; keys: string[]; handler: RouteHandler };

function compile(path: string): { pattern: RegExp; keys: string[] } {
  const keys: string[] = [];
  const source = path
    .split("/")
    .map((part) => {
      if (part.startsWith(":")) {
        keys.push(part.slice(1));
        return "([^/]+)";
      }
      return part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    })
    .join("/");
  return { pattern: new RegExp(`^${source}$`), keys };
}

/**
 * Path parameters and query values holding NUL: no name or id here has one, and PostgreSQL text
 * cannot hold it (a query with one fails in the driver), so the request is refused up front.
 */
function nulFields(params: Record<string, string>, query: URLSearchParams): FieldError[] {
  const fields: FieldError[] = [];
  for (const [key, value] of Object.entries(params)) if (value.includes("\u0000")) fields.push({ path: key, message: "contains a NUL character" });
  for (const [key, value] of query) if (key.includes("\u0000") || value.includes("\u0000")) fields.push({ path: key, message: "contains a NUL character" });
  return fields;
}

export class Router {
  readonly #routes: Route[] = [];

  constructor(private readonly log: Logger) {}

  on(method: string, path: string, handler: RouteHandler): this {
    this.#routes.push({ method, ...compile(path), handler });
    return this;
  }

  get(path: string, handler: RouteHandler): this {
    return this.on("GET", path, handler);
  }

  /** The handler for Probot's `addHandler`. */
  handler(): NodeHandler {
    return async (req, res) => {
      const url = new URL(req.url ?? "/", "http://localhost");
      let requestId: string | undefined;
      const identify = () => {
        if (requestId === undefined) {
          requestId = requestIdOf(req.headers["x-request-id"]);
          res.setHeader("x-request-id", requestId);
        }
        return requestId;
      };
      let pathMatched = false;
      for (const route of this.#routes) {
        const match = route.pattern.exec(url.pathname);
        if (!match) continue;
        pathMatched = true;
        identify();
        if (route.method !== req.method && !(route.method === "GET" && req.method === "HEAD")) continue;
        let params: Record<string, string>;
        try {
          params = Object.fromEntries(route.keys.map((key, i) => [key, decodeURIComponent(match[i + 1]!)]));
        } catch {
          sendJson(res, 400, { message: `${url.pathname} is not a valid path (bad %-encoding)` });
          return true;
        }
        const withNul = nulFields(params, url.searchParams);
        if (withNul.length > 0) {
          sendJson(res, 400, { message: `${url.pathname} names no resource: a NUL character (%00) is not allowed in a path or query`, errors: withNul });
          return true;
        }
        const id = identify();
        await this.#run(route.handler, { req, res, params, url, requestId: id, log: this.#logFor(id) });
        return true;
      }
      if (pathMatched) {
        sendJson(res, 405, { message: `${req.method} is not allowed on ${url.pathname}` });
        return true;
      }
      return false;
    };
  }

  #logFor(requestId: string): RequestLog {
    if (this.log.child) return this.log.child({ requestId });
    return { info: noop, warn: noop, debug: noop, error: (obj, msg) => this.log.error({ ...obj, requestId }, msg) };
  }

  async #run(handler: RouteHandler, ctx: RouteContext): Promise<void> {
    try {
      await handler(ctx);
    } catch (error) {
      if (ctx.res.headersSent) {
        ctx.log.error({ err: error }, "error after the response started");
        ctx.res.destroy();
        return;
      }
      if (error instanceof HttpError) {
        sendJson(ctx.res, error.status, { message: error.message, ...(error.errors ? { errors: error.errors } : {}) }, error.headers);
        return;
      }
      ctx.log.error({ err: error, path: ctx.url.pathname }, "unhandled error in route");
      sendJson(ctx.res, 500, { message: "Internal error" });
    }
  }
}
