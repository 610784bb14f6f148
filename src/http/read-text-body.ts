// Reads a text request body (a CSV upload): 415 for another content type or bytes that are not
// UTF-8 text, 413 past the size limit (said before reading when Content-Length tells).
import type { IncomingMessage } from "node:http";
import { HttpError } from "./http-error.js";

export async function readLimitedBody(req: IncomingMessage, limitBytes: number): Promise<Buffer> {
  const tooLarge = () => new HttpError(413, `Request body is larger than the limit of ${formatBytes(limitBytes)}`);
  if (Number(req.headers["content-length"] ?? 0) > limitBytes) throw tooLarge();
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limitBytes) throw tooLarge();
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

export async function readTextBody(req: IncomingMessage, types: string[], limitBytes: number): Promise<string> {
  const type = (req.headers["content-type"] ?? "").split(";")[0]!.trim().toLowerCase();
  if (!types.includes(type)) {
    throw new HttpError(415, `Send the file as ${types.join(" or ")} (Content-Type)${type ? `, not ${type}` : ""}`);
  }
  return decodeText(await readLimitedBody(req, limitBytes), "The body");
}

/** UTF-8 text without NUL bytes, or 415 saying what (`subject`: "The body", "The file") is wrong. */
export function decodeText(bytes: Buffer, subject: string): string {
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw new HttpError(415, `${subject} is not UTF-8 text`);
  }
  if (text.includes("\u0000")) throw new HttpError(415, `${subject} is not text (it contains NUL bytes)`);
  return text;
}

export function formatBytes(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${Math.round(bytes / (1024 * 1024))} MB` : `${Math.round(bytes / 1024)} KB`;
}
