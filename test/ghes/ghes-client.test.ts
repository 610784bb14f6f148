import { afterEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { ghesClient } from "../../src/ghes/ghes-client.js";
import { GhesRequestError } from "../../src/ghes/ghes-request-error.js";
import { createGhesTransport } from "../../src/ghes/ghes-transport.js";
import { startGhesStandIn } from "../support/ghes-stand-in.js";

const TOKEN = "ghp_clientadmin000000000000000000000000001";
const licenseSchema = z.object({ seats: z.union([z.number(), z.string()]), seats_used: z.number() });

describe("ghesClient", () => {
  const cleanups: Array<() => unknown> = [];
  afterEach(async () => {
    while (cleanups.length) await cleanups.pop()!();
  });
  async function setUp(options: Parameters<typeof startGhesStandIn>[0] = {}) {
    const ghes = await startGhesStandIn({ accounts: { [TOKEN]: { login: "ada", siteAdmin: true, scopes: ["site_admin"] } }, ...options });
    const transport = createGhesTransport({ allowHttp: true });
    cleanups.push(() => ghes.close(), () => transport.close());
    return { ghes, client: ghesClient(transport, { apiUrl: `${ghes.apiUrl}/`, token: TOKEN, login: "ada" }) };
  }

  it("reads and validates JSON from the API", async () => {
    const { client } = await setUp({ license: { seats: "unlimited", seats_used: 3 } });
    const { data } = await client.getJson("/enterprise/settings/license", licenseSchema);
    expect(data).toEqual({ seats: "unlimited", seats_used: 3 });
  });

  it("names the field when GHES answers another shape, and the status when it refuses", async () => {
    const { ghes, client } = await setUp({ license: { seats: 5 } });
    const invalid = await client.getJson("/enterprise/settings/license", licenseSchema).catch((e: unknown) => e);
    expect(invalid).toBeInstanceOf(GhesRequestError);
    expect((invalid as GhesRequestError).kind).toBe("invalid-response");
    expect((invalid as GhesRequestError).message).toContain("seats_used");
    ghes.accounts.clear();
    const refused = await client.getJson("/enterprise/settings/license", licenseSchema).catch((e: unknown) => e);
    expect(refused).toMatchObject({ kind: "http", status: 401 });
  });

  it("reads the stafftools report from the web origin with Basic auth, 202 while it is generated", async () => {
    const { ghes, client } = await setUp({ reportPendingTimes: 1, report: "created_at,id,login,email\nx,1,ada,ada@example.com\n" });
    const first = await client.getWeb("/stafftools/reports/all_users.csv");
    expect(first.status).toBe(202);
    first.discard();
    const second = await client.getWeb("/stafftools/reports/all_users.csv");
    expect(second.status).toBe(200);
    expect(await second.text()).toContain("ada@example.com");
    expect(ghes.requests.map((r) => r.path)).toEqual(["/stafftools/reports/all_users.csv", "/stafftools/reports/all_users.csv"]);
  });

  it("refuses a web request when the token owner's login is unknown", async () => {
    const { ghes } = await setUp();
    const transport = createGhesTransport({ allowHttp: true });
    cleanups.push(() => transport.close());
    const client = ghesClient(transport, { apiUrl: ghes.apiUrl, token: TOKEN });
    await expect(client.getWeb("/stafftools/reports/all_users.csv")).rejects.toThrow("login is unknown");
    expect(ghes.requests).toHaveLength(0);
  });
});
