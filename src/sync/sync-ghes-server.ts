// One pull from one GHES instance, as the weekly schedule and "Sync now" run it: license, version,
// then the user report, parsed as it streams and swapped in as the server's new snapshot. Any
// failure leaves the last good snapshot in force (replaceServerSnapshot swaps only at the end).
import type { SecretBox } from "../crypto/secret-box.js";
import type { Database } from "../db/open-database.js";
import { downloadAllUsersReport, GhesUnauthorizedError, type ReportPolling } from "../ghes/download-all-users-report.js";
import { fetchGhesLicense } from "../ghes/fetch-ghes-license.js";
import { ghesClient } from "../ghes/ghes-client.js";
import { GhesRequestError } from "../ghes/ghes-request-error.js";
import { GHES_TOKEN_PURPOSE } from "../ghes/ghes-token.js";
import type { GhesTransport } from "../ghes/ghes-transport.js";
import { SyncRefusedError, TokenRejectedError } from "../jobs/errors.js";
import type { RunInfo } from "../jobs/job-context.js";
import type { SecretRegistry } from "../logging/secret-registry.js";
import { importAllUsersCsv } from "./import-all-users-csv.js";

export type GhesServerSyncDeps = {
  db: Database;
  box: SecretBox;
  secrets: SecretRegistry;
  transport: GhesTransport;
  /**
   * Re-checks that the person who registered the server is still an owner; resolves to the reason
   * to pause ("registrant is no longer an owner") or null.
   */
  checkRegistrant?: (server: { id: string; installationId: number; registeredBy: string }) => Promise<string | null>;
  polling?: Partial<ReportPolling>;
};

export async function syncGhesServer(deps: GhesServerSyncDeps, serverId: string, run: RunInfo): Promise<{ usersSeen: number }> {
  const server = await deps.db.prisma.ghesServer.findUnique({ where: { id: serverId } });
  if (!server) throw new SyncRefusedError(`server ${serverId} no longer exists`, "not_found");
  if (!server.tokenSealed) throw new SyncRefusedError(`${server.hostname} is upload-only: it has no token to pull with`, "conflict");

  const pause = await deps.checkRegistrant?.(server);
  if (pause) {
    await deps.db.prisma.ghesServer.update({ where: { id: serverId }, data: { pausedReason: pause } });
    throw new SyncRefusedError(`${server.hostname} paused: ${pause}`, "conflict");
  }

  const token = deps.box.open(server.tokenSealed, GHES_TOKEN_PURPOSE);
  deps.secrets.add(token);
  const client = ghesClient(deps.transport, { apiUrl: server.apiUrl, token, login: server.tokenLogin });
  try {
    const license = await fetchGhesLicense(client);
    const report = await downloadAllUsersReport(client, deps.polling);
    const result = await importAllUsersCsv(deps.db, serverId, report, { source: "synced", runId: run.id });
    await deps.db.prisma.ghesServer.update({ where: { id: serverId }, data: { license } });
    return { usersSeen: result.userCount };
  } catch (error) {
    if (error instanceof GhesUnauthorizedError || (error instanceof GhesRequestError && error.status === 401)) {
      throw new TokenRejectedError(`${server.hostname} rejected the stored token (401); store a new site-admin token`, { cause: error });
    }
    throw error;
  }
}
