// One operation of the OpenAPI description, from a short spec: its answer on success (a schema of
// ours, or another media type), the refusals it can give (each a JSON `Error`), its parameters,
// body and who may call it. Only statuses the route really answers are listed: the test that calls
// every route fails on a status the description does not give.
import type { schemas } from "./openapi-schemas.js";

type SchemaName = keyof typeof schemas;
type Media = { [mediaType: string]: { schema: object } };

export type OperationSpec = {
  summary: string;
  /** the success status and what it carries: a schema of ours (JSON), media types, or nothing */
  ok: [status: number, body?: SchemaName | Media];
  /** further answers with a body of their own (e.g. 503 of /readyz) */
  also?: Record<number, SchemaName>;
  /** refusals, each answered as `Error` */
  errors: number[];
  params?: string[];
  query?: string[];
  body?: "application/json" | "text/csv" | "application/x-www-form-urlencoded";
  /** "owner" (the default): bearer token or session; "metrics": METRICS_TOKEN; "public" */
  access?: "owner" | "metrics" | "public" | "session";
  /** response headers worth naming (Location of a redirect, Link of a page) */
  headers?: string[];
};

const ERROR_TEXT: Record<number, string> = {
  400: "the request is malformed (body, state or code)",
  401: "no or invalid token (or session)",
  403: "not an owner of the organization (or a missing CSRF token)",
  404: "unknown organization (or one the caller cannot see) or resource",
  409: "installation suspended or not verified, server already registered, or a sync refused",
  413: "body over the size limit",
  415: "body of the wrong type, or not UTF-8 text",
  422: "invalid input: what is wrong and where (`errors[].path`)",
  502: "GitHub gave an answer the app cannot use",
  503: "GitHub could not be asked, or this part is not configured here",
};

export const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const json = (name: string): Media => ({ "application/json": { schema: ref(name) } });

const SECURITY = {
  owner: [{ bearer: [] }, { session: [] }],
  session: [{ session: [] }],
  metrics: [{ metricsToken: [] }],
  public: [],
};

const INTEGER_QUERY = new Set(["per_page", "page"]);

export function operation(spec: OperationSpec) {
  const [okStatus, okBody] = spec.ok;
  const parameters = [
    ...(spec.params ?? []).map((name) => ({ name, in: "path", required: true, schema: { type: "string" } })),
    ...(spec.query ?? []).map((name) => ({ name, in: "query", required: false, schema: INTEGER_QUERY.has(name) ? { type: "integer", minimum: 1 } : { type: "string" } })),
  ];
  const headers = Object.fromEntries((spec.headers ?? []).map((name) => [name, { schema: { type: "string" } }]));
  const success = {
    description: spec.summary,
    ...(spec.headers ? { headers } : {}),
    ...(okBody === undefined ? {} : { content: typeof okBody === "string" ? json(okBody) : okBody }),
  };
  const responses: Record<string, object> = { [String(okStatus)]: success };
  for (const [status, name] of Object.entries(spec.also ?? {})) responses[status] = { description: name, content: json(name) };
  for (const status of spec.errors) responses[String(status)] = { description: ERROR_TEXT[status] ?? "refused", content: json("Error") };
  return {
    summary: spec.summary,
    security: SECURITY[spec.access ?? "owner"],
    ...(parameters.length ? { parameters } : {}),
    ...(spec.body ? { requestBody: { required: true, content: { [spec.body]: { schema: spec.body === "application/json" ? { type: "object" } : { type: "string" } } } } } : {}),
    responses,
  };
}
