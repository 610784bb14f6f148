// Addresses a GHES URL must never reach: link-local ranges, where clouds answer instance-metadata
// requests (169.254.169.254 hands out credentials), and AWS's IPv6 metadata address. A registered
// URL is chosen by a user, so without this the app could be steered into reading them.
import { BlockList, isIP, type LookupFunction } from "node:net";
import { lookup as dnsLookup, type LookupAddress } from "node:dns";

const forbidden = new BlockList();
forbidden.addSubnet("169.254.0.0", 16, "ipv4");
forbidden.addSubnet("fe80::", 10, "ipv6");
forbidden.addAddress("fd00:ec2::254", "ipv6");

/** True for link-local and cloud-metadata addresses (IPv4-mapped IPv6 forms included). */
export function isForbiddenAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 0) return false;
  return forbidden.check(address, family === 4 ? "ipv4" : "ipv6");
}

export const FORBIDDEN_ADDRESS_CODE = "ELS_FORBIDDEN_ADDRESS";

export function forbiddenAddressError(hostname: string, address: string): NodeJS.ErrnoException {
  const error: NodeJS.ErrnoException = new Error(
    `${hostname} resolves to ${address}, a link-local or cloud metadata address, which GHES URLs may not use`,
  );
  error.code = FORBIDDEN_ADDRESS_CODE;
  return error;
}

/** dns.lookup's shape, so tests can map made-up host names to local stand-ins. */
export type Lookup = typeof dnsLookup;

/**
 * A `lookup` for sockets that refuses forbidden addresses at connect time, so a host name that
 * resolved harmlessly when it was registered cannot be re-pointed at a metadata service later.
 */
export function guardedLookup(base: Lookup = dnsLookup): LookupFunction {
  return (hostname, options, callback) => {
    base(hostname, { ...options, all: true }, (error, result) => {
      if (error) return callback(error, "", 0);
      const addresses = result as unknown as LookupAddress[];
      const bad = addresses.find((a) => isForbiddenAddress(a.address));
      if (bad) return callback(forbiddenAddressError(hostname, bad.address), "", 0);
      if (addresses.length === 0) return callback(Object.assign(new Error(`${hostname} has no address`), { code: "ENOTFOUND" }), "", 0);
      if (options.all) return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, addresses);
      return callback(null, addresses[0]!.address, addresses[0]!.family);
    });
  };
}
