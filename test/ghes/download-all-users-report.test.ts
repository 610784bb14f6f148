import { text } from "node:stream/consumers";
import { afterEach, describe, expect, it } from "vitest";
import { downloadAllUsersReport, GhesUnauthorizedError } from "../../src/ghes/download-all-users-report.js";
import { ghesClient } from "../../src/ghes/ghes-client.js";
import { createGhesTransport } from "../../src/ghes/ghes-transport.js";
import { startGhesStandIn, type GhesStandIn } from "../support/ghes-stand-in.js";

const TOKEN = "ghp_siteAdminReportToken0000000000002";
const admin = { [TOKEN]: { login: "admin", siteAdmin: true, scopes: ["site_admin"] } };
const REPORT = "created_at,id,login,email,role,suspended?\n2020-01-01 00:00:00 UTC,1,ada,ada@example.com,user,false\n";
const transport = createGhesTransport({ allowHttp: true, timeoutMs: 2_000 });
let ghes: GhesStandIn | undefined;
afterEach(async () => ghes?.close());

function recordingSleep(): { sleep: (ms: number) => Promise<void>; pauses: number[] } {
  const pauses: number[] = [];
  return { pauses, sleep: async (ms) => void pauses.push(ms) };
}

describe("downloadAllUsersReport", () => {
  it("asks again with growing pauses while GHES answers 202, then returns the report", async () => {
    ghes = await startGhesStandIn({ accounts: admin, report: REPORT, reportPendingTimes: 4 });
    const { sleep, pauses } = recordingSleep();
    const body = await downloadAllUsersReport(ghesClient(transport, { apiUrl: ghes.apiUrl, token: TOKEN, login: "admin" }), {
      initialDelayMs: 100,
      maxDelayMs: 300,
      sleep,
    });
    expect(await text(body)).toBe(REPORT);
    expect(pauses).toEqual([100, 200, 300, 300]);
    const reportRequests = ghes.requests.filter((r) => r.path === "/stafftools/reports/all_users.csv");
    expect(reportRequests).toHaveLength(5);
    expect(reportRequests.every((r) => r.authorization === `Basic ${Buffer.from(`admin:${TOKEN}`).toString("base64")}`)).toBe(true);
  });

  it("gives up with a clear error once the deadline has passed", async () => {
    ghes = await startGhesStandIn({ accounts: admin, report: REPORT, reportPendingTimes: 100 });
    const { sleep, pauses } = recordingSleep();
    const client = ghesClient(transport, { apiUrl: ghes.apiUrl, token: TOKEN, login: "admin" });
    await expect(downloadAllUsersReport(client, { initialDelayMs: 1_000, maxDelayMs: 4_000, deadlineMs: 10_000, sleep })).rejects.toThrow(
      /all_users\.csv: the report was still being generated after 7 s \(4 requests\)/,
    );
    expect(pauses).toEqual([1_000, 2_000, 4_000]);
  });

  it("reports a rejected token as such, and other statuses with their number", async () => {
    ghes = await startGhesStandIn({ accounts: admin, report: REPORT });
    const wrong = ghesClient(transport, { apiUrl: ghes.apiUrl, token: "ghp_notAKnownToken00000000000000000", login: "admin" });
    await expect(downloadAllUsersReport(wrong, { sleep: async () => undefined })).rejects.toBeInstanceOf(GhesUnauthorizedError);

    ghes.override("/stafftools/reports/all_users.csv", (_req, res) => res.writeHead(500).end("boom"));
    const client = ghesClient(transport, { apiUrl: ghes.apiUrl, token: TOKEN, login: "admin" });
    await expect(downloadAllUsersReport(client, { sleep: async () => undefined })).rejects.toThrow(/all_users\.csv: answered 500/);
  });
});
