import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HttpError } from "../../src/http/http-error.js";
import { sendJson } from "../../src/http/respond.js";
import { Router } from "../../src/http/router.js";

describe("Router", () => {
  const errors: unknown[] = [];
  const router = new Router({ error: (obj) => errors.push(obj) })
    .get("/things/:name", ({ res, params, requestId }) => sendJson(res, 200, { name: params.name, requestId }))
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
    expect(await response.json()).toEqual({ name: "a b", requestId: response.headers.get("x-request-id") });
  });

  it("answers 400 for a path that is not valid %-encoding, instead of failing", async () => {
    const response = await fetch(`${base}/things/%E0%A4%A`);
    expect(response.status).toBe(400);
    expect(((await response.json()) as { message: string }).message).toContain("not a valid path");
  });

  it("answers 400 naming the parameter for a NUL character in a path parameter or a query value, before the route runs", async () => {
    for (const [path, field] of [["/things/a%00b", "name"], ["/things/a?filter=x%00", "filter"], ["/things/a?%00=1", "\u0000"]] as const) {
      const response = await fetch(`${base}${path}`);
      expect(response.status).toBe(400);
      const body = (await response.json()) as { message: string; errors: Array<{ path: string; message: string }> };
      expect(body.message).toContain("NUL");
      expect(body.errors).toEqual([{ path: field, message: "contains a NUL character" }]);
    }
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

  it("echoes a well-formed X-Request-Id, replaces a malformed one, and identifies refusals too", async () => {
    const kept = await fetch(`${base}/things/x`, { headers: { "x-request-id": "caller-42" } });
    expect(kept.headers.get("x-request-id")).toBe("caller-42");
    expect(((await kept.json()) as { requestId: string }).requestId).toBe("caller-42");
    const replaced = await fetch(`${base}/things/x`, { headers: { "x-request-id": "x".repeat(129) } });
    expect(replaced.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
    const refused = await fetch(`${base}/things/x`, { method: "POST", headers: { "x-request-id": "refused-1" } });
    expect(refused.headers.get("x-request-id")).toBe("refused-1");
    expect((await fetch(`${base}/things/x`, { method: "PUT" })).headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
    expect((await fetch(`${base}/elsewhere`)).headers.get("x-request-id")).toBeNull();
  });

  it("binds the request id to the route's log lines", async () => {
    const lines: Array<Record<string, unknown>> = [];
    const logger = { error: () => undefined, child: (bindings: Record<string, unknown>) => ({ info: (obj: object) => lines.push({ ...bindings, ...obj }), warn: () => undefined, error: () => undefined, debug: () => undefined }) };
    const logging = new Router(logger).get("/log", ({ res, log }) => {
      log.info({ step: "handled" });
      res.writeHead(204).end();
    });
    const logServer = http.createServer((req, res) => void logging.handler()(req, res));
    await new Promise<void>((resolve) => logServer.listen(0, "127.0.0.1", resolve));
    try {
      await fetch(`http://127.0.0.1:${(logServer.address() as AddressInfo).port}/log`, { headers: { "x-request-id": "logged-7" } });
      expect(lines).toEqual([{ requestId: "logged-7", step: "handled" }]);
    } finally {
      await new Promise<void>((resolve) => logServer.close(() => resolve()));
    }
  });
});
