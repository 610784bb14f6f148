import { Readable } from "node:stream";
import type { IncomingMessage } from "node:http";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { HttpError } from "../../src/http/http-error.js";
import { readJsonBody } from "../../src/http/read-json-body.js";

const request = (body: string, headers: Record<string, string> = { "content-type": "application/json; charset=utf-8" }) =>
  Object.assign(Readable.from([Buffer.from(body)]), { headers }) as unknown as IncomingMessage;
const schema = z.strictObject({ name: z.string().min(1, "must not be empty"), size: z.number().optional() });

async function refusal(promise: Promise<unknown>): Promise<HttpError> {
  const error = await promise.catch((e: unknown) => e);
  expect(error).toBeInstanceOf(HttpError);
  return error as HttpError;
}

describe("readJsonBody", () => {
  it("returns the validated body", async () => {
    await expect(readJsonBody(request('{"name":"x","size":2}'), schema)).resolves.toEqual({ name: "x", size: 2 });
  });

  it("refuses other content types with 415, big bodies with 413, broken JSON with 400", async () => {
    expect((await refusal(readJsonBody(request("{}", { "content-type": "text/plain" }), schema))).status).toBe(415);
    expect((await refusal(readJsonBody(request("{}", {}), schema))).status).toBe(415);
    expect((await refusal(readJsonBody(request(`{"name":"${"x".repeat(200)}"}`), schema, 100))).status).toBe(413);
    expect((await refusal(readJsonBody(request("{}", { "content-type": "application/json", "content-length": "5000" }), schema, 100))).status).toBe(413);
    expect((await refusal(readJsonBody(request("{"), schema))).status).toBe(400);
    expect((await refusal(readJsonBody(request("  "), schema))).message).toContain("empty");
  });

  it("answers 422 with each field's path, unknown keys by name", async () => {
    const error = await refusal(readJsonBody(request('{"name":"","size":"big","extra":1}'), schema));
    expect(error.status).toBe(422);
    expect(error.errors).toEqual([
      { path: "name", message: "must not be empty" },
      { path: "size", message: expect.any(String) },
      { path: "extra", message: expect.stringContaining("extra") },
    ]);
  });
});
