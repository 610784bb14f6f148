// A registered GHES instance as the rest of the app sees it: its REST API (token auth) and its
// web origin (Basic auth `login:token`, for /stafftools reports). The sync engine uses this:
//
//   const ghes = ghesClient(transport, { apiUrl, token, login });
//   const license = await ghes.getJson("/enterprise/settings/license", licenseSchema);
//   const report = await ghes.getWeb("/stafftools/reports/all_users.csv");  // 202 while generating
//   if (report.status === 202) { report.discard(); /* ask again later, with back-off */ }
//   else if (report.status === 200) report.body.pipe(csvParser);
//
// Non-2xx answers of getJson throw GhesRequestError (kind "http", with `status`); getApi/getWeb
// return every non-redirect status to the caller.
import type { z } from "zod";
import { GhesRequestError, ghesStatusError } from "./ghes-request-error.js";
import type { GhesRequestOptions, GhesResponse, GhesTransport } from "./ghes-transport.js";

export type GhesServerCredentials = {
  /** e.g. https://ghes.example.com/api/v3 */
  apiUrl: string;
  token: string;
  /** GHES login of the token's owner; needed for getWeb */
  login?: string | null;
};

export type GhesClient = {
  readonly apiUrl: string;
  readonly origin: string;
  /** GET {apiUrl}{path} with `Authorization: token …` */
  getApi(path: string, options?: GhesRequestOptions): Promise<GhesResponse>;
  /** getApi, then 2xx + JSON + schema, or a GhesRequestError saying which failed */
  getJson<T>(path: string, schema: z.ZodType<T>): Promise<{ data: T; response: GhesResponse }>;
  /** GET {origin}{path} with Basic auth login:token (stafftools reports) */
  getWeb(path: string, options?: GhesRequestOptions): Promise<GhesResponse>;
};

export function ghesClient(transport: GhesTransport, server: GhesServerCredentials): GhesClient {
  const apiUrl = server.apiUrl.replace(/\/+$/, "");
  const origin = new URL(apiUrl).origin;
  const getApi = (path: string, options: GhesRequestOptions = {}) =>
    transport.get(`${apiUrl}${path}`, { ...options, auth: { scheme: "token", token: server.token } });
  return {
    apiUrl,
    origin,
    getApi,
    async getJson(path, schema) {
      const response = await getApi(path);
      const where = `${apiUrl}${path}`;
      if (response.status < 200 || response.status > 299) {
        response.discard();
        throw ghesStatusError(where, response);
      }
      const parsed = schema.safeParse(await response.json());
      if (!parsed.success) {
        const first = parsed.error.issues[0];
        throw new GhesRequestError(
          "invalid-response",
          `answer is not what GHES sends: ${first ? `${first.path.join(".") || "(root)"}: ${first.message}` : "invalid"}`,
          where,
          response.status,
        );
      }
      return { data: parsed.data, response };
    },
    getWeb(path, options = {}) {
      if (!server.login) {
        return Promise.reject(new GhesRequestError("url", "the token owner's login is unknown; verify the token again", `${origin}${path}`));
      }
      return transport.get(`${origin}${path}`, {
        ...options,
        headers: { accept: "text/csv, */*", ...options.headers },
        auth: { scheme: "basic", login: server.login, token: server.token },
      });
    },
  };
}
