// Requests with hostile parts over real HTTP (raw bytes, any header, any path), and the checks every
// answer to bad input must pass: no 5xx, the API's error shape, nothing stored.
import http from "node:http";
import { expect } from "vitest";
import type { Database } from "../../src/db/open-database.js";
import { PEOPLE, seedInstallation } from "../http/api/serve-test-app.js";
import { changedTables, tableState, type TableState } from "./fuzz-support.js";

export type RawResponse = { status: number; headers: http.IncomingHttpHeaders; text: string };

/**
 * One request with exactly these bytes and headers (fetch would refuse or rewrite some of them:
 * a path with raw spaces, a lying Content-Length, header values with odd bytes).
 */
export function rawRequest(baseUrl: string, method: string, path: string, headers: Record<string, string | undefined>, body?: Buffer | string): Promise<RawResponse> {
  const url = new URL(baseUrl);
  const bytes = body === undefined ? undefined : Buffer.isBuffer(body) ? body : Buffer.from(body, "utf8");
  const sent: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) if (value !== undefined) sent[name] = value;
  if (bytes !== undefined && !Object.keys(sent).some((name) => name.toLowerCase() === "content-length")) sent["content-length"] = String(bytes.length);
  return new Promise((resolve, reject) => {
    const req = http.request({ host: url.hostname, port: url.port, method, path, headers: sent, insecureHTTPParser: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString("utf8") }));
      res.on("error", reject);
    });
    req.on("error", reject);
    if (bytes !== undefined) req.end(bytes);
    else req.end();
  });
}

/** The answer to a bad request: below 500; with the API's `{message, errors?}` shape when `json`. */
export function expectRefusalShape(response: RawResponse, options: { json: boolean } = { json: true }): void {
  expect(response.status, `status for a bad request (body: ${response.text.slice(0, 300)})`).toBeLessThan(500);
  expect(response.status).toBeGreaterThanOrEqual(400);
  if (!options.json) return;
  // A path that names no route at all (a segment of "." or "..", normalised away) falls through the
  // app's router to the server's plain 404, as any unknown path does.
  if (response.status === 404 && response.headers["content-type"] === undefined) return;
  expect(response.headers["content-type"]).toMatch(/^application\/json/);
  const body = JSON.parse(response.text) as { message?: unknown; errors?: unknown };
  expect(body.message).toEqual(expect.any(String));
  if (body.errors !== undefined) {
    expect(Array.isArray(body.errors)).toBe(true);
    for (const field of body.errors as unknown[]) expect(field).toEqual({ path: expect.any(String), message: expect.any(String) });
  }
}

/** Asserts the tables are as `before`, except the ones named (which may have changed). */
export async function expectNothingStored(db: Database, before: TableState, allowed: string[] = []): Promise<void> {
  const changed = changedTables(before, await tableState(db)).filter((name) => !allowed.includes(name));
  expect(changed, "tables changed by a refused request").toEqual([]);
}

/** Percent-encodes every byte of `text` but letters and digits (lone surrogates become U+FFFD, as UTF-8 must). */
export function pathSegment(text: string): string {
  return [...Buffer.from(text, "utf8")].map((byte) => (/[A-Za-z0-9]/.test(String.fromCharCode(byte)) ? String.fromCharCode(byte) : `%${byte.toString(16).toUpperCase().padStart(2, "0")}`)).join("");
}

/** What a header value can carry on the wire: Latin-1 without control characters (tab allowed). */
export function headerValue(text: string): string {
  return text.replace(/[^\t\x20-\x7e\x80-\xff]/g, "");
}

/** The organization, installed and verified, with one upload-only GHES server of its owner's. */
export async function seedOrgWithServer(db: Database) {
  const installation = await seedInstallation(db);
  const server = await db.prisma.ghesServer.create({
    data: { installationId: installation.id, hostname: "ghes.example.com", apiUrl: "https://ghes.example.com/api/v3", registeredBy: PEOPLE.owner.login },
  });
  return { installation, server };
}
