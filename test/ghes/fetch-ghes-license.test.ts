import { afterEach, describe, expect, it } from "vitest";
import { fetchGhesLicense, parseGhesTimestamp, seatsAsNumber } from "../../src/ghes/fetch-ghes-license.js";
import { ghesClient } from "../../src/ghes/ghes-client.js";
import { createGhesTransport } from "../../src/ghes/ghes-transport.js";
import { startGhesStandIn, type GhesStandIn } from "../support/ghes-stand-in.js";

const TOKEN = "ghp_siteAdminLicenseToken000000000001";
const admin = { [TOKEN]: { login: "admin", siteAdmin: true, scopes: ["site_admin", "repo"] } };
const transport = createGhesTransport({ allowHttp: true, timeoutMs: 2_000 });
let ghes: GhesStandIn | undefined;
afterEach(async () => ghes?.close());

describe("fetchGhesLicense", () => {
  it("reads seats as GitHub gives them and converts the non-ISO expiry", async () => {
    ghes = await startGhesStandIn({ accounts: admin });
    const license = await fetchGhesLicense(ghesClient(transport, { apiUrl: ghes.apiUrl, token: TOKEN }));
    expect(license).toMatchObject({ seats: 500, seats_used: 12, seats_available: 488, expire_at: "2027/02/06 12:41:52 -0600" });
    expect(license.expires_at_iso).toBe("2027-02-06T18:41:52.000Z");
  });

  it("keeps an unlimited license as a string", async () => {
    ghes = await startGhesStandIn({ accounts: admin, license: { seats: "unlimited", seats_used: 3000, seats_available: "unlimited" } });
    const license = await fetchGhesLicense(ghesClient(transport, { apiUrl: ghes.apiUrl, token: TOKEN }));
    expect(license.seats).toBe("unlimited");
    expect(license.expires_at_iso).toBeNull();
  });

  it("says which field of a malformed answer is wrong", async () => {
    ghes = await startGhesStandIn({ accounts: admin, license: { seats: 10 } });
    await expect(fetchGhesLicense(ghesClient(transport, { apiUrl: ghes.apiUrl, token: TOKEN }))).rejects.toThrow(
      /enterprise\/settings\/license: answer is not what GHES sends: seats_used: /,
    );
  });
});

describe("parseGhesTimestamp and seatsAsNumber", () => {
  it.each([
    ["2016/02/06 12:41:52 -0600", "2016-02-06T18:41:52.000Z"],
    ["2026/11/29 00:00:00 +0100", "2026-11-28T23:00:00.000Z"],
    ["2026-01-02T03:04:05Z", "2026-01-02T03:04:05.000Z"],
    ["next tuesday", null],
  ])("%s → %s", (input, expected) => {
    expect(parseGhesTimestamp(input)).toBe(expected);
  });

  it("reads numeric seats and treats words as no limit", () => {
    expect(seatsAsNumber(500)).toBe(500);
    expect(seatsAsNumber(" 250 ")).toBe(250);
    expect(seatsAsNumber("unlimited")).toBeNull();
  });
});
