// Checks a GHES API URL before anything is sent to it: https only (plain http only when
// GHES_ALLOW_HTTP says so), no credentials, query or fragment in it, and a host that does not
// resolve to a link-local or cloud-metadata address.
import { lookup as dnsLookup, type LookupAddress } from "node:dns";
import { isIP } from "node:net";
import { isForbiddenAddress, type Lookup } from "./forbidden-address.js";

export class GhesUrlError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "GhesUrlError";
  }
}

export type GhesEndpoint = {
  /** e.g. https://ghes.example.com/api/v3 (no trailing slash) */
  apiUrl: string;
  /** e.g. https://ghes.example.com: the stafftools report is read from here */
  origin: string;
  /** host name without port or IPv6 brackets */
  hostname: string;
};

export function defaultGhesApiUrl(hostname: string): string {
  return `https://${hostname}/api/v3`;
}

export function parseGhesApiUrl(input: string, options: { allowHttp: boolean }): GhesEndpoint {
  let url: URL;
  try {
    url = new URL(input);
  } catch {
    throw new GhesUrlError(`"${input}" is not a URL; expected e.g. https://ghes.example.com/api/v3`);
  }
  if (url.protocol !== "https:" && !(url.protocol === "http:" && options.allowHttp)) {
    throw new GhesUrlError(
      url.protocol === "http:"
        ? "must use https (plain http is allowed only when GHES_ALLOW_HTTP=true, for test rigs)"
        : `must use https, not ${url.protocol.replace(/:$/, "")}`,
    );
  }
  if (url.username !== "" || url.password !== "") {
    throw new GhesUrlError("must not contain credentials (user:password@); send the token in the token field");
  }
  if (input.includes("#")) throw new GhesUrlError("must not contain a fragment (#…)");
  if (input.includes("?")) throw new GhesUrlError("must not contain a query string (?…)");
  const hostname = url.hostname.replace(/^\[(.*)\]$/, "$1");
  if (isForbiddenAddress(hostname)) {
    throw new GhesUrlError(`${hostname} is a link-local or cloud metadata address, which GHES URLs may not use`);
  }
  return { apiUrl: `${url.origin}${url.pathname.replace(/\/+$/, "")}`, origin: url.origin, hostname };
}

/**
 * Refuses a host that resolves to a forbidden address. A host that does not resolve at all is
 * accepted: upload-only servers are often air-gapped and unknown to the app's DNS.
 */
export async function assertHostNotForbidden(hostname: string, lookup: Lookup = dnsLookup): Promise<void> {
  if (isIP(hostname) !== 0) {
    if (isForbiddenAddress(hostname)) throw new GhesUrlError(`${hostname} is a link-local or cloud metadata address`);
    return;
  }
  const addresses = await new Promise<LookupAddress[]>((resolve) => {
    lookup(hostname, { all: true }, (error, result) => resolve(error ? [] : (result as unknown as LookupAddress[])));
  });
  const bad = addresses.find((a) => isForbiddenAddress(a.address));
  if (bad) {
    throw new GhesUrlError(`${hostname} resolves to ${bad.address}, a link-local or cloud metadata address, which GHES URLs may not use`);
  }
}
