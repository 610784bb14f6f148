// A registered GHES server as the API shows it (docs/api.md, "Servers"). The token is never
// part of it; `mode` only says whether one is stored.
import type { GhesServer } from "@prisma/client";

export type ServerView = {
  id: string;
  hostname: string;
  api_url: string;
  version: string | null;
  license_sync: "enabled" | "disabled";
  mode: "api" | "upload-only";
  registered_by: string;
  created_at: string;
  /** status is absent until the first sync or upload; error is "" when the last one succeeded */
  last_sync: { date: string | null; status?: "success" | "failed"; error: string };
};

export function toServerView(server: GhesServer): ServerView {
  const status = server.lastSyncStatus === "success" || server.lastSyncStatus === "failed" ? server.lastSyncStatus : undefined;
  return {
    id: server.id,
    hostname: server.hostname,
    api_url: server.apiUrl,
    version: server.version,
    license_sync: server.licenseSync === "enabled" ? "enabled" : "disabled",
    mode: server.tokenSealed ? "api" : "upload-only",
    registered_by: server.registeredBy,
    created_at: server.createdAt.toISOString(),
    last_sync: {
      date: server.lastSyncAt?.toISOString() ?? null,
      ...(status ? { status } : {}),
      error: status === "failed" ? (server.lastSyncError ?? "") : "",
    },
  };
}
