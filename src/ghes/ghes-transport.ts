// The one way the app talks to GHES: node's http(s) with
// - the system CAs plus GHES_CA_FILE (enterprises run GHES behind their own CA; TLS checks stay on),
// - a deadline for the response head and an idle limit while the body streams,
// - no redirects followed, so a token is never carried to another host,
// - link-local / metadata addresses refused at connect time (see forbidden-address.ts).
// Errors say what failed and where, never which credentials were sent.
import http, { type IncomingHttpHeaders, type IncomingMessage } from "node:http";
import https from "node:https";
import { rootCertificates } from "node:tls";
import { guardedLookup, isForbiddenAddress, type Lookup } from "./forbidden-address.js";
import { classifyGhesError, GhesRequestError } from "./ghes-request-error.js";
import { readBody } from "./read-body.js";

export type GhesAuth = { scheme: "token"; token: string } | { scheme: "basic"; login: string; token: string };

export type GhesRequestOptions = {
  auth?: GhesAuth;
  headers?: Record<string, string>;
  /** overrides the transport's deadline for the response head */
  timeoutMs?: number;
};

export type GhesResponse = {
  status: number;
  headers: IncomingHttpHeaders;
  /** the raw body, for streaming large reports; read it, `text()` or `json()` only once */
  body: IncomingMessage;
  text(maxBytes?: number): Promise<string>;
  json(maxBytes?: number): Promise<unknown>;
  /** throws the body away, freeing the connection */
  discard(): void;
};

export type GhesTransport = {
  /** GET `url`. Any status is returned (redirects excepted: they throw kind "redirect"). */
  get(url: string, options?: GhesRequestOptions): Promise<GhesResponse>;
  close(): void;
};

export type GhesTransportOptions = {
  /** PEM text of extra CAs (GHES_CA_FILE's content), trusted in addition to the system's */
  extraCa?: string;
  allowHttp: boolean;
  /** deadline for connecting and the response head; default 20 s */
  timeoutMs?: number;
  /** longest silence while a body streams; default 60 s */
  idleTimeoutMs?: number;
  /** DNS lookup (tests map made-up host names to local stand-ins) */
  lookup?: Lookup;
};

const USER_AGENT = "license-sync";

export function createGhesTransport(options: GhesTransportOptions): GhesTransport {
  const lookup = guardedLookup(options.lookup);
  const ca = options.extraCa ? [...rootCertificates, options.extraCa] : undefined;
  const httpsAgent = new https.Agent({ keepAlive: true, ca, lookup, maxSockets: 8 });
  const httpAgent = new http.Agent({ keepAlive: true, lookup, maxSockets: 8 });
  const headTimeout = options.timeoutMs ?? 20_000;
  const idleTimeout = options.idleTimeoutMs ?? 60_000;

  function get(target: string, request: GhesRequestOptions = {}): Promise<GhesResponse> {
    const url = new URL(target);
    const where = `${url.origin}${url.pathname}`;
    if (url.protocol !== "https:" && !(url.protocol === "http:" && options.allowHttp)) {
      return Promise.reject(new GhesRequestError("url", `${url.origin} is not https (set GHES_ALLOW_HTTP=true for test rigs)`, where));
    }
    const literal = url.hostname.replace(/^\[(.*)\]$/, "$1");
    if (isForbiddenAddress(literal)) {
      return Promise.reject(new GhesRequestError("forbidden-address", `${literal} is a link-local or cloud metadata address`, where));
    }
    const headers: Record<string, string> = { "user-agent": USER_AGENT, accept: "application/json", ...request.headers };
    if (request.auth?.scheme === "token") headers.authorization = `token ${request.auth.token}`;
    if (request.auth?.scheme === "basic") {
      headers.authorization = `Basic ${Buffer.from(`${request.auth.login}:${request.auth.token}`).toString("base64")}`;
    }
    const client = url.protocol === "https:" ? https : http;
    return new Promise<GhesResponse>((resolve, reject) => {
      const req = client.request(url, {
        method: "GET",
        headers,
        agent: url.protocol === "https:" ? httpsAgent : httpAgent,
        timeout: idleTimeout,
      });
      const deadline = setTimeout(() => {
        req.destroy(new GhesRequestError("timeout", `no answer within ${request.timeoutMs ?? headTimeout} ms`, where));
      }, request.timeoutMs ?? headTimeout);
      req.on("timeout", () => req.destroy(new GhesRequestError("timeout", `connection idle for ${idleTimeout} ms`, where)));
      req.on("error", (error) => {
        clearTimeout(deadline);
        reject(error instanceof GhesRequestError ? error : classifyGhesError(error, where));
      });
      req.on("response", (res) => {
        clearTimeout(deadline);
        const status = res.statusCode ?? 0;
        if (status >= 300 && status < 400) {
          res.resume();
          reject(new GhesRequestError("redirect", redirectMessage(url, status, res.headers.location), where, status));
          return;
        }
        resolve({
          status,
          headers: res.headers,
          body: res,
          text: (maxBytes) => readBody(res, maxBytes, where),
          json: async (maxBytes) => {
            const text = await readBody(res, maxBytes, where);
            try {
              return JSON.parse(text) as unknown;
            } catch {
              throw new GhesRequestError("invalid-response", `answered ${status} with a body that is not JSON`, where, status);
            }
          },
          discard: () => void res.resume(),
        });
      });
      req.end();
    });
  }

  return {
    get,
    close: () => {
      httpsAgent.destroy();
      httpAgent.destroy();
    },
  };
}

function redirectMessage(from: URL, status: number, location: string | undefined): string {
  let to = "an unnamed location";
  try {
    if (location) to = new URL(location, from).origin === from.origin ? `${new URL(location, from).pathname} on the same host` : new URL(location, from).origin;
  } catch {
    to = "an invalid location";
  }
  return `answered ${status}, a redirect to ${to}; redirects are not followed so the token is never sent elsewhere (check the API URL)`;
}

