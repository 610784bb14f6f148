import type { LookupAddress } from "node:dns";
import { afterEach, describe, expect, it } from "vitest";
import type { Lookup } from "../../src/ghes/forbidden-address.js";
import { GhesRequestError } from "../../src/ghes/ghes-request-error.js";
import { createGhesTransport, type GhesTransportOptions } from "../../src/ghes/ghes-transport.js";
import { startGhesStandIn, type GhesStandIn } from "../support/ghes-stand-in.js";

/** A resolver for made-up names: ghes.test is the stand-in, metadata.test the cloud metadata service. */
const fakeDns: Lookup = ((hostname: string, _options: unknown, callback: (e: Error | null, a: LookupAddress[]) => void) => {
  const table: Record<string, LookupAddress[]> = {
    "ghes.test": [{ address: "127.0.0.1", family: 4 }],
    "metadata.test": [{ address: "169.254.169.254", family: 4 }],
    "sneaky.test": [{ address: "127.0.0.1", family: 4 }, { address: "fd00:ec2::254", family: 6 }],
  };
  const found = table[hostname];
  if (found) callback(null, found);
  else callback(Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: "ENOTFOUND" }), []);
}) as unknown as Lookup;

async function failure(promise: Promise<unknown>): Promise<GhesRequestError> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(GhesRequestError);
  return error as GhesRequestError;
}

describe("GHES transport", () => {
  const cleanups: Array<() => unknown> = [];
  afterEach(async () => {
    while (cleanups.length) await cleanups.pop()!();
  });
  async function setUp(options: Partial<GhesTransportOptions> = {}): Promise<{ ghes: GhesStandIn; transport: ReturnType<typeof createGhesTransport> }> {
    const ghes = await startGhesStandIn({ accounts: { tok_admin_000000000001: { login: "ada", siteAdmin: true, scopes: ["site_admin"] } } });
    const transport = createGhesTransport({ allowHttp: true, lookup: fakeDns, timeoutMs: 2_000, ...options });
    cleanups.push(() => ghes.close(), () => transport.close());
    return { ghes, transport };
  }

  it("connects through the given resolver and sends token or Basic auth", async () => {
    const { ghes, transport } = await setUp();
    const api = await transport.get(`http://ghes.test:${ghes.port}/api/v3/user`, { auth: { scheme: "token", token: "tok_admin_000000000001" } });
    expect(api.status).toBe(200);
    expect(await api.json()).toMatchObject({ login: "ada" });
    const web = await transport.get(`http://ghes.test:${ghes.port}/stafftools/reports/all_users.csv`, {
      auth: { scheme: "basic", login: "ada", token: "tok_admin_000000000001" },
    });
    expect(web.status).toBe(200);
    expect(await web.text()).toBe("created_at,id,login,email\n");
    expect(ghes.requests[1]!.authorization).toBe(`Basic ${Buffer.from("ada:tok_admin_000000000001").toString("base64")}`);
  });

  it("refuses a host name that resolves to a metadata address before connecting", async () => {
    const { ghes, transport } = await setUp();
    for (const host of ["metadata.test", "sneaky.test"]) {
      const error = await failure(transport.get(`http://${host}:${ghes.port}/api/v3/user`));
      expect(error.kind).toBe("forbidden-address");
      expect(error.message).toContain("link-local or cloud metadata");
    }
    expect(ghes.requests).toHaveLength(0);
  });

  it("refuses literal link-local and metadata addresses", async () => {
    const { transport } = await setUp();
    for (const url of ["http://169.254.169.254/latest/meta-data/", "http://[fd00:ec2::254]/", "http://[fe80::1]/", "http://[::ffff:169.254.169.254]/"]) {
      expect((await failure(transport.get(url))).kind).toBe("forbidden-address");
    }
  });

  it("refuses plain http unless allowed", async () => {
    const { ghes } = await setUp();
    const strict = createGhesTransport({ allowHttp: false });
    cleanups.push(() => strict.close());
    const error = await failure(strict.get(`${ghes.apiUrl}/meta`));
    expect(error.kind).toBe("url");
    expect(error.message).toContain("GHES_ALLOW_HTTP");
    expect(ghes.requests).toHaveLength(0);
  });

  it("gives up on a server that does not answer within the deadline", async () => {
    const { ghes, transport } = await setUp();
    ghes.override("/api/v3/meta", () => undefined); // never answers
    const error = await failure(transport.get(`${ghes.apiUrl}/meta`, { timeoutMs: 200 }));
    expect(error.kind).toBe("timeout");
  });

  it("refuses an answer larger than the limit", async () => {
    const { ghes, transport } = await setUp();
    ghes.override("/api/v3/meta", (_req, res) => res.end("x".repeat(10_000)));
    const response = await transport.get(`${ghes.apiUrl}/meta`);
    const error = await failure(response.text(1_000));
    expect(error.kind).toBe("too-large");
  });

  it("says a non-JSON body is not JSON", async () => {
    const { ghes, transport } = await setUp();
    ghes.override("/api/v3/meta", (_req, res) => res.end("<html>"));
    const error = await failure((await transport.get(`${ghes.apiUrl}/meta`)).json());
    expect(error.kind).toBe("invalid-response");
  });
});
