// The upload forms post `multipart/form-data` (the only way an HTML form sends a file without
// script). busboy (exact-pinned, the parser behind multer and fastify's multipart) streams it: the
// small text fields first (the form puts `_csrf` before the file), then one file kept in memory up
// to `limitBytes`. A file that arrives without a valid CSRF token is drained, not kept, so a
// cross-site post cannot make the app hold a large body; the caller refuses it afterwards.
import type { IncomingMessage } from "node:http";
import busboy from "busboy";
import { HttpError } from "../http/http-error.js";
import { formatBytes } from "../http/read-text-body.js";

export type MultipartFile = { fields: Map<string, string>; file: { name: string; content: Buffer } | null };

export async function readMultipartFile(req: IncomingMessage, limitBytes: number, acceptFile: (fields: Map<string, string>) => boolean): Promise<MultipartFile> {
  const type = (req.headers["content-type"] ?? "").split(";")[0]!.trim().toLowerCase();
  if (type !== "multipart/form-data") throw new HttpError(415, "Send the form as multipart/form-data");
  let parser: busboy.Busboy;
  try {
    parser = busboy({ headers: req.headers, limits: { files: 1, fields: 10, fieldSize: 4096, fileSize: limitBytes, parts: 12 } });
  } catch (error) {
    throw new HttpError(400, `The form could not be read: ${(error as Error).message}`);
  }
  const fields = new Map<string, string>();
  let file: MultipartFile["file"] = null;
  let tooLarge = false;
  await new Promise<void>((resolve, reject) => {
    parser.on("field", (name, value) => fields.set(name, value));
    const refuse = (error: Error) => reject(new HttpError(400, `The form could not be read: ${error.message}`));
    parser.on("file", (_name, stream, info) => {
      // A form cut off inside a file fails the file's stream too ("Unexpected end of form"); an
      // error event without a listener would end the process.
      stream.on("error", refuse);
      if (file !== null || !acceptFile(fields)) {
        stream.resume();
        return;
      }
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("limit", () => {
        tooLarge = true;
      });
      stream.on("end", () => {
        file = { name: info.filename || "upload.csv", content: Buffer.concat(chunks) };
      });
    });
    parser.on("error", refuse);
    parser.on("close", () => resolve());
    req.pipe(parser);
  });
  if (tooLarge) throw new HttpError(413, `The file is larger than the limit of ${formatBytes(limitBytes)}`);
  return { fields, file };
}
