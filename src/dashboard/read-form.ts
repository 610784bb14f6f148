// The fields of a small `application/x-www-form-urlencoded` body (the dashboard's switch, Sync now).
// Bounded, as it is read before the caller's CSRF token and ownership are checked.
import type { IncomingMessage } from "node:http";
import { readLimitedBody } from "../http/read-text-body.js";
import { HttpError } from "../http/http-error.js";

const LIMIT_BYTES = 8 * 1024;

export async function readForm(req: IncomingMessage): Promise<URLSearchParams> {
  const type = (req.headers["content-type"] ?? "").split(";")[0]!.trim().toLowerCase();
  if (type !== "application/x-www-form-urlencoded") throw new HttpError(415, "Send the form as application/x-www-form-urlencoded");
  return new URLSearchParams((await readLimitedBody(req, LIMIT_BYTES)).toString("utf8"));
}
