import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { createLogger } from "../../src/logging/create-logger.js";
import { SecretRegistry } from "../../src/logging/secret-registry.js";

function sink(): { stream: Writable; text: () => string } {
  const chunks: string[] = [];
  return {
    stream: new Writable({
      write(chunk, _encoding, done) {
        chunks.push(String(chunk));
        done();
      },
    }),
    text: () => chunks.join(""),
  };
}

const flush = () => new Promise((resolve) => setTimeout(resolve, 20));

describe("createLogger", () => {
  for (const format of ["json", "pretty"] as const) {
    it(`scrubs registered secrets from every field and message (${format})`, async () => {
      const out = sink();
      const secrets = new SecretRegistry();
      const { log } = await createLogger({ level: "trace", format, destination: out.stream, secrets });
      const token = "ghp_0123456789abcdefghijABCDEFGHIJ012345";
      secrets.add(token);
      log.trace(`token ${token} was refused`);
      log.info({ detail: { nested: `Bearer ${token}` } }, "nested");
      log.error({ err: new Error(`request with ${token} failed`) }, "error");
      await flush();
      expect(out.text()).not.toContain(token);
      expect(out.text()).toContain("[secret]");
      expect(out.text()).toContain("was refused");
    });
  }

  it("redacts credential-bearing fields by path", async () => {
    const out = sink();
    const { log } = await createLogger({ level: "info", format: "json", destination: out.stream });
    log.info({ req: { headers: { authorization: "token abc123def456", cookie: "session=zzz-cookie" } } }, "request");
    log.info({ server: { token: "unregistered-token-value" } }, "server");
    await flush();
    expect(out.text()).not.toMatch(/abc123def456|zzz-cookie|unregistered-token-value/);
    expect(out.text()).toContain("[redacted]");
  });

  it("leaves short values and ordinary text alone", () => {
    const secrets = new SecretRegistry();
    secrets.add("abc");
    secrets.add(undefined);
    expect(secrets.scrub("abc is fine")).toBe("abc is fine");
    secrets.add("multi\nline-private-key");
    expect(secrets.scrub(JSON.stringify({ key: "multi\nline-private-key" }))).toBe('{"key":"[secret]"}');
  });
});
