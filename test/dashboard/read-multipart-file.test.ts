// The upload forms' multipart reader over real HTTP: a form cut off inside its file is refused 400
// (before the fix, the file stream's "Unexpected end of form" had no listener and ended the process).
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, beforeEach, expect, it } from "vitest";
import { readMultipartFile } from "../../src/dashboard/read-multipart-file.js";
import { HttpError } from "../../src/http/http-error.js";

const BOUNDARY = "----license-sync-test";
let server: http.Server;
let baseUrl: string;

beforeEach(async () => {
  server = http.createServer((req, res) => {
    readMultipartFile(req, 1024, (fields) => fields.get("_csrf") === "ok").then(
      ({ fields, file }) => res.writeHead(200).end(JSON.stringify({ fields: Object.fromEntries(fields), name: file?.name ?? null, size: file?.content.length ?? null })),
      (error: unknown) => res.writeHead(error instanceof HttpError ? error.status : 500).end((error as Error).message),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterEach(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const part = (name: string, value: string, filename?: string) =>
  `--${BOUNDARY}\r\nContent-Disposition: form-data; name="${name}"${filename ? `; filename="${filename}"` : ""}\r\n` +
  `${filename ? "Content-Type: text/csv\r\n" : ""}\r\n${value}\r\n`;

const post = (body: string) =>
  fetch(`${baseUrl}/upload`, { method: "POST", headers: { "content-type": `multipart/form-data; boundary=${BOUNDARY}` }, body });

it("reads the fields and the file of a whole form", async () => {
  const res = await post(part("_csrf", "ok") + part("file", "login,email\nada,ada@example.com", "all_users.csv") + `--${BOUNDARY}--\r\n`);
  expect(res.status).toBe(200);
  expect(await res.json()).toEqual({ fields: { _csrf: "ok" }, name: "all_users.csv", size: 31 });
});

it.each([
  ["an accepted file", "ok"],
  ["a file it drains (no CSRF token)", "wrong"],
])("refuses a form cut off inside %s with 400, and the process carries on", async (_what, csrf) => {
  const cut = part("_csrf", csrf) + `--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="all_users.csv"\r\n\r\nlogin,email\nada,`;
  const res = await post(cut);
  expect(res.status).toBe(400);
  expect(await res.text()).toMatch(/^The form could not be read: Unexpected end of form/);
  const again = await post(part("_csrf", "ok") + `--${BOUNDARY}--\r\n`);
  expect(again.status).toBe(200);
});
