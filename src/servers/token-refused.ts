// A GHES token that failed verification becomes a 422 whose message names the failed check.
import type { TokenVerification } from "../ghes/verify-site-admin-token.js";
import { HttpError } from "../http/http-error.js";

export function tokenRefused(result: Extract<TokenVerification, { ok: false }>): HttpError {
  return new HttpError(422, `GHES token refused (check "${result.check}" failed): ${result.message}`, [
    { path: "token", message: `${result.check}: ${result.message}` },
  ]);
}
