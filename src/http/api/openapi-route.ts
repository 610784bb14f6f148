// GET /api/openapi.json: the API's description. Public, like GitHub's own: it names routes and
// shapes, never data.
import { sendJson } from "../respond.js";
import type { Router } from "../router.js";
import { openApiDocument } from "./openapi-document.js";

export function registerOpenApiRoute(router: Router): void {
  const document = openApiDocument();
  router.get("/api/openapi.json", ({ res }) => sendJson(res, 200, document, { "cache-control": "public, max-age=300" }));
}
