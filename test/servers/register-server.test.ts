// The registration service without HTTP: what reaches the database and what does not.
import type { LookupAddress } from "node:dns";
import { afterAll, beforeAll, expect, it } from "vitest";
import type { Lookup } from "../../src/ghes/forbidden-address.js";
import { createGhesTransport } from "../../src/ghes/ghes-transport.js";
import { HttpError } from "../../src/http/http-error.js";
import { registerServer } from "../../src/servers/register-server.js";
import type { ServerServices } from "../../src/servers/server-services.js";
import { SecretRegistry } from "../../src/logging/secret-registry.js";
import { createSecretBox } from "../../src/crypto/secret-box.js";
import { startGhesStandIn, type GhesStandIn } from "../support/ghes-stand-in.js";
import { describeEachDatabase } from "../support/test-database.js";
import { seedInstallation } from "../http/api/serve-test-app.js";

const TOKEN = "ghp_serviceadmin00000000000000000000001";
const fakeDns: Lookup = ((hostname: string, _o: unknown, callback: (e: Error | null, a: LookupAddress[]) => void) =>
  hostname === "metadata.example.com" ? callback(null, [{ address: "169.254.169.254", family: 4 }]) : callback(null, [{ address: "127.0.0.1", family: 4 }])) as unknown as Lookup;

describeEachDatabase("registerServer", (db) => {
  let ghes: GhesStandIn;
  const transport = createGhesTransport({ allowHttp: true, lookup: fakeDns });
  beforeAll(async () => {
    ghes = await startGhesStandIn({ accounts: { [TOKEN]: { login: "ghes-admin", siteAdmin: true, scopes: ["site_admin"] } } });
  });
  afterAll(async () => {
    transport.close();
    await ghes.close();
  });
  const services = (): ServerServices => ({
    db: db(),
    box: createSecretBox(Buffer.alloc(32, 1)),
    secrets: new SecretRegistry(),
    now: () => new Date("2026-11-30T12:00:00Z"),
    transport,
    allowHttp: true,
    lookup: fakeDns,
  });

  it("refuses a host name that resolves to a cloud metadata address, even without a token", async () => {
    const installation = await seedInstallation(db());
    const error = await registerServer(services(), { login: "octo-owner", installation }, { hostname: "metadata.example.com" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HttpError);
    expect(error).toMatchObject({ status: 422, errors: [{ path: "api_url", message: expect.stringContaining("169.254.169.254") }] });
    expect(await db().prisma.ghesServer.count()).toBe(0);
  });

  it("stores the server, records the audit entry and registers the token with the log scrubber", async () => {
    const installation = await seedInstallation(db());
    const s = services();
    const server = await registerServer(s, { login: "octo-owner", installation }, { hostname: "ghes.example.com", api_url: ghes.apiUrl, token: TOKEN });
    expect(server).toMatchObject({ mode: "api", registered_by: "octo-owner", created_at: expect.any(String) });
    expect(s.secrets.scrub(`token ${TOKEN}`)).toBe("token [secret]");
    const audit = await db().prisma.auditEntry.findFirstOrThrow();
    expect(audit).toMatchObject({ action: "server.registered", actor: "octo-owner", at: new Date("2026-11-30T12:00:00Z") });
  });
});
