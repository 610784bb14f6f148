import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HttpError } from "../../src/http/http-error.js";
import { sendJson } from "../../src/http/respond.js";
import { Router } from "../../src/http/router.js";

describe("Router", () => {
  const errors: unknown[] = [];
  const router = new Router({ error: (obj) => errors.push(obj) })
    .get("/things/:name", ({ res, params }) => sendJson(res, 200, { name: params.name }))
    .on("POST", "/things/:name", () => {
      throw new HttpError(422, "Validation failed", [{ path: "name", message: "is taken" }]);
    })
    .on("DELETE", "/things/:name", () => {
      throw new Error("boom");
    });
  const handler = router.handler();
  const server = http.createServer((req, res) => {
    void handler(req, res).then((handled) => {
      if (!handled) res.writeHead(404).end("fell through");
    });
  });
  let base = "";
  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it("decodes path parameters", async () => {
    const response = await fetch(`${base}/things/a%20b`);
    expect(await response.json()).toEqual({ name: "a b" });
  });

  it("answers 400 for a path that is not valid %-encoding, instead of failing", async () => {
    const response = await fetch(`${base}/things/%E0%A4%A`);
    expect(response.status).toBe(400);
    expect(((await response.json()) as { message: string }).message).toContain("not a valid path");
  });

  it("turns HttpError into its JSON answer, other errors into a logged 500, and a wrong method into 405", async () => {
    const refused = await fetch(`${base}/things/x`, { method: "POST" });
    expect(refused.status).toBe(422);
    expect(await refused.json()).toEqual({ message: "Validation failed", errors: [{ path: "name", message: "is taken" }] });
    const failed = await fetch(`${base}/things/x`, { method: "DELETE" });
    expect(failed.status).toBe(500);
    expect(await failed.json()).toEqual({ message: "Internal error" });
    expect(errors).toHaveLength(1);
    expect((await fetch(`${base}/things/x`, { method: "PUT" })).status).toBe(405);
    expect(await (await fetch(`${base}/elsewhere`)).text()).toBe("fell through");
  });
});
