// Holds HTTP answers to the served OpenAPI description: is the route described, the status given
// for it, the media type among the described ones, the body valid against the schema? Each check
// returns the problems it found (none when the answer agrees), so a test can also prove that a
// deliberate mismatch is reported. Also compares the router's routes with the described ones.
import { Ajv2020, type ValidateFunction } from "ajv/dist/2020.js";

type Content = Record<string, { schema: { $ref?: string } & Record<string, unknown> }>;
type Response = { content?: Content };
type Operation = { responses: Record<string, Response> };
export type OpenApiDocument = { openapi: string; paths: Record<string, Record<string, Operation>>; components: { schemas: Record<string, unknown> } };

export type Answer = { status: number; contentType: string | null; body: string };

/** The dashboard's routes (HTML pages, stylesheet, form posts) are left out of the description, by its own words. */
export const isDashboardRoute = (path: string) => path.startsWith("/license-sync") && !path.startsWith("/license-sync/auth/");

export function openApiChecker(document: OpenApiDocument) {
  // The whole description is one schema document, so `#/components/schemas/…` refs resolve in it.
  const ajv = new Ajv2020({ strict: false, validateFormats: false, allErrors: true });
  ajv.addSchema({ ...document, $id: "openapi.json" });
  const compiled = new Map<object, ValidateFunction>();
  const validatorOf = (schema: { $ref?: string }) => {
    let validate = compiled.get(schema);
    if (!validate) {
      validate = ajv.compile(schema.$ref ? { $ref: `openapi.json${schema.$ref}` } : { ...schema, $id: undefined });
      compiled.set(schema, validate);
    }
    return validate;
  };

  function check(method: string, template: string, answer: Answer): string[] {
    const where = `${method} ${template} → ${answer.status}`;
    const operation = document.paths[template]?.[method.toLowerCase()];
    if (!operation) return [`${method} ${template} is not described`];
    const response = operation.responses[String(answer.status)];
    if (!response) return [`${where}: status not described (described: ${Object.keys(operation.responses).join(", ")})`];
    if (!response.content) return answer.body === "" ? [] : [`${where}: a body where none is described`];
    const mediaType = (answer.contentType ?? "").split(";")[0]!.trim().toLowerCase();
    const media = response.content[mediaType];
    if (!media) return [`${where}: ${mediaType || "no content type"} not described (described: ${Object.keys(response.content).join(", ")})`];
    let body: unknown = answer.body;
    if (mediaType === "application/json") {
      try {
        body = JSON.parse(answer.body);
      } catch {
        return [`${where}: the body is not JSON`];
      }
    }
    const validate = validatorOf(media.schema);
    return validate(body) ? [] : (validate.errors ?? []).map((e) => `${where}: ${e.instancePath || "(body)"} ${e.message ?? "is invalid"} ${JSON.stringify(e.params)}`);
  }

  return { check };
}

/** `METHOD /path/{param}` of every described operation. */
export function describedOperations(document: OpenApiDocument): string[] {
  return Object.entries(document.paths)
    .flatMap(([path, item]) => Object.keys(item).map((method) => `${method.toUpperCase()} ${path}`))
    .sort();
}

/** Routes the router has and the description lacks, and described ones the router does not have. */
export function compareRoutes(registered: Array<{ method: string; path: string }>, document: OpenApiDocument) {
  const routed = [...new Set(registered.filter((r) => !isDashboardRoute(r.path)).map((r) => `${r.method} ${r.path.replace(/:(\w+)/g, "{$1}")}`))].sort();
  const described = describedOperations(document);
  return { undescribed: routed.filter((r) => !described.includes(r)), unrouted: described.filter((d) => !routed.includes(d)) };
}
