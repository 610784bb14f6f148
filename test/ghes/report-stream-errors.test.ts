// A report whose connection drops: the error says where and why, and it waits for the reader even
// when the drop comes before the reader starts (as it does while the sync writes its first rows).
import { text } from "node:stream/consumers";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { downloadAllUsersReport } from "../../src/ghes/download-all-users-report.js";
import { ghesClient } from "../../src/ghes/ghes-client.js";
import { GhesRequestError } from "../../src/ghes/ghes-request-error.js";
import { createGhesTransport } from "../../src/ghes/ghes-transport.js";
import { startGhesStandIn, type GhesStandIn } from "../support/ghes-stand-in.js";
import { waitFor } from "../support/wait-for.js";

const TOKEN = "ghp_siteAdminReportToken0000000000004";
const admin = { [TOKEN]: { login: "admin", siteAdmin: true, scopes: ["site_admin"] } };
const transport = createGhesTransport({ allowHttp: true, timeoutMs: 2_000 });
let ghes: GhesStandIn | undefined;
afterEach(async () => ghes?.close());
afterAll(() => transport.close());

describe("the report's stream errors", () => {
  it("a drop before anyone reads is kept for the reader, named, and never left unhandled", async () => {
    ghes = await startGhesStandIn({ accounts: admin });
    let dropped = false;
    ghes.override("/stafftools/reports/all_users.csv", (_req, res) => {
      res.writeHead(200, { "content-type": "text/csv" });
      res.write("created_at,id,login,email\n2020-01-01 00:00:00 UTC,1,ada,ada@example.com\n");
      res.socket?.on("close", () => (dropped = true));
      setTimeout(() => res.socket?.destroy(), 20);
    });
    const client = ghesClient(transport, { apiUrl: ghes.apiUrl, token: TOKEN, login: "admin" });
    const body = await downloadAllUsersReport(client, { sleep: async () => undefined });
    await waitFor(() => dropped, { what: "the stand-in to drop the connection" });

    const error = await text(body).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GhesRequestError);
    expect((error as GhesRequestError).message).toBe(
      `${ghes.origin}/stafftools/reports/all_users.csv: the connection was lost while the report was being read (ECONNRESET)`,
    );
  });

  it("a whole report reads as before", async () => {
    ghes = await startGhesStandIn({ accounts: admin, report: "created_at,id,login,email\n" });
    const client = ghesClient(transport, { apiUrl: ghes.apiUrl, token: TOKEN, login: "admin" });
    expect(await text(await downloadAllUsersReport(client, { sleep: async () => undefined }))).toBe("created_at,id,login,email\n");
  });
});
