// Counts every GHES API call by its HTTP status ("error" when no answer came: DNS, TLS, timeout),
// by wrapping the one transport the app uses for GHES.
import type { Counter } from "prom-client";
import type { GhesTransport } from "../ghes/ghes-transport.js";

export function countGhesCalls(transport: GhesTransport, calls: Counter<"api" | "status">): GhesTransport {
  return {
    async get(url, options) {
      try {
        const response = await transport.get(url, options);
        calls.inc({ api: "ghes", status: String(response.status) });
        return response;
      } catch (error) {
        calls.inc({ api: "ghes", status: "error" });
        throw error;
      }
    },
    close: () => transport.close(),
  };
}
