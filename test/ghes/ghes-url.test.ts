import type { LookupAddress } from "node:dns";
import { describe, expect, it } from "vitest";
import { isForbiddenAddress, type Lookup } from "../../src/ghes/forbidden-address.js";
import { assertHostNotForbidden, defaultGhesApiUrl, GhesUrlError, parseGhesApiUrl } from "../../src/ghes/ghes-url.js";

const lookupTo = (address: string | null): Lookup =>
  ((_host: string, _options: unknown, callback: (e: Error | null, a: LookupAddress[]) => void) =>
    address === null ? callback(Object.assign(new Error("ENOTFOUND"), { code: "ENOTFOUND" }), []) : callback(null, [{ address, family: address.includes(":") ? 6 : 4 }])) as unknown as Lookup;

describe("parseGhesApiUrl", () => {
  it("normalises an https API URL and derives the web origin", () => {
    expect(parseGhesApiUrl("https://ghes.example.com/api/v3/", { allowHttp: false })).toEqual({
      apiUrl: "https://ghes.example.com/api/v3",
      origin: "https://ghes.example.com",
      hostname: "ghes.example.com",
    });
    expect(defaultGhesApiUrl("ghes.example.com")).toBe("https://ghes.example.com/api/v3");
  });

  it.each([
    ["not a url", "is not a URL"],
    ["ftp://ghes.example.com/api/v3", "must use https, not ftp"],
    ["http://ghes.example.com/api/v3", "GHES_ALLOW_HTTP"],
    ["https://admin:secret@ghes.example.com/api/v3", "must not contain credentials"],
    ["https://ghes.example.com/api/v3#x", "fragment"],
    ["https://ghes.example.com/api/v3?x=1", "query"],
    ["https://169.254.169.254/api/v3", "link-local or cloud metadata"],
    ["https://[fd00:ec2::254]/api/v3", "link-local or cloud metadata"],
  ])("refuses %s", (input, expected) => {
    expect(() => parseGhesApiUrl(input, { allowHttp: false })).toThrow(GhesUrlError);
    expect(() => parseGhesApiUrl(input, { allowHttp: false })).toThrow(expected);
  });

  it("accepts plain http when allowed", () => {
    expect(parseGhesApiUrl("http://127.0.0.1:8080/api/v3", { allowHttp: true }).origin).toBe("http://127.0.0.1:8080");
  });
});

describe("assertHostNotForbidden", () => {
  it("refuses names resolving to metadata addresses and accepts others, unresolvable ones included", async () => {
    await expect(assertHostNotForbidden("metadata.test", lookupTo("169.254.169.254"))).rejects.toThrow("resolves to 169.254.169.254");
    await expect(assertHostNotForbidden("v6.test", lookupTo("fd00:ec2::254"))).rejects.toThrow(GhesUrlError);
    await expect(assertHostNotForbidden("ghes.test", lookupTo("10.1.2.3"))).resolves.toBeUndefined();
    await expect(assertHostNotForbidden("air-gapped.test", lookupTo(null))).resolves.toBeUndefined();
  });
});

describe("isForbiddenAddress", () => {
  it.each([
    ["169.254.169.254", true],
    ["169.254.0.1", true],
    ["fe80::1", true],
    ["fd00:ec2::254", true],
    ["::ffff:169.254.169.254", true],
    ["10.0.0.1", false],
    ["127.0.0.1", false],
    ["fd00:ec2::253", false],
    ["ghes.example.com", false],
  ])("%s → %s", (address, forbidden) => {
    expect(isForbiddenAddress(address)).toBe(forbidden);
  });
});
