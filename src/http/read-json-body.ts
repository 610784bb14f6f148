// Reads a JSON request body and checks it against a zod schema: 415 for another content type,
// 413 past the size limit, 400 for malformed JSON, 422 listing each invalid field by path.
import type { IncomingMessage } from "node:http";
import type { z } from "zod";
import { HttpError, type FieldError } from "./http-error.js";

export const DEFAULT_JSON_LIMIT_BYTES = 64 * 1024;

export async function readJsonBody<T>(req: IncomingMessage, schema: z.ZodType<T>, limitBytes = DEFAULT_JSON_LIMIT_BYTES): Promise<T> {
  const type = (req.headers["content-type"] ?? "").split(";")[0]!.trim().toLowerCase();
  if (type !== "application/json") {
    throw new HttpError(415, `Send the body as JSON (Content-Type: application/json)${type ? `, not ${type}` : ""}`);
  }
  const declared = Number(req.headers["content-length"] ?? 0);
  if (declared > limitBytes) throw new HttpError(413, `Request body is larger than ${limitBytes} bytes`);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limitBytes) throw new HttpError(413, `Request body is larger than ${limitBytes} bytes`);
    chunks.push(chunk as Buffer);
  }
  const text = Buffer.concat(chunks).toString("utf8");
  if (text.trim() === "") throw new HttpError(400, "Request body is empty; send a JSON object");
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new HttpError(400, `Request body is not valid JSON: ${(error as Error).message}`);
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new HttpError(422, "Validation failed", fieldErrors(parsed.error));
  return parsed.data;
}

export function fieldErrors(error: z.ZodError): FieldError[] {
  return error.issues.map((issue) => {
    // An unknown key is reported at the object; name the key itself.
    const keys = issue.code === "unrecognized_keys" ? issue.keys : [];
    const path = [...issue.path, ...(keys.length === 1 ? keys : [])].map(String).join(".");
    return { path: path || "(body)", message: issue.message };
  });
}
