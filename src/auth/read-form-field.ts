// One field of a small `application/x-www-form-urlencoded` body (a form's `_csrf`); undefined for
// any other body. Bounded, as it is read before the caller is trusted.
import type { IncomingMessage } from "node:http";
import { HttpError } from "../http/http-error.js";

const LIMIT_BYTES = 8 * 1024;

export async function readFormField(req: IncomingMessage, name: string): Promise<string | undefined> {
  const type = (req.headers["content-type"] ?? "").split(";")[0]!.trim().toLowerCase();
  if (type !== "application/x-www-form-urlencoded") return undefined;
  let size = 0;
  const chunks: Buffer[] = [];
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > LIMIT_BYTES) throw new HttpError(413, `Form body is larger than ${LIMIT_BYTES} bytes`);
    chunks.push(chunk as Buffer);
  }
  return new URLSearchParams(Buffer.concat(chunks).toString("utf8")).get(name) ?? undefined;
}
