// Reads a GHES response body to text, refusing more than `maxBytes` (a wrong URL can point at
// something that streams forever).
import type { IncomingMessage } from "node:http";
import { GhesRequestError } from "./ghes-request-error.js";

export const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

export async function readBody(res: IncomingMessage, maxBytes = DEFAULT_MAX_BODY_BYTES, where: string): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of res) {
      size += (chunk as Buffer).length;
      if (size > maxBytes) {
        res.destroy();
        throw new GhesRequestError("too-large", `answer is larger than ${maxBytes} bytes`, where, res.statusCode);
      }
      chunks.push(chunk as Buffer);
    }
  } catch (error) {
    if (error instanceof GhesRequestError) throw error;
    throw new GhesRequestError("unreachable", `connection broke while reading the answer (${(error as Error).message})`, where);
  }
  return Buffer.concat(chunks).toString("utf8");
}
