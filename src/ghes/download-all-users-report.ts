// The stafftools user report (`/stafftools/reports/all_users.csv`, Basic auth): GHES answers 202
// while it generates the report, so ask again with growing pauses until it is ready or the
// deadline passes. The ready answer's body is returned unread, to be parsed as a stream.
import type { IncomingMessage } from "node:http";
import type { GhesClient } from "./ghes-client.js";
import { GhesRequestError, ghesStatusError } from "./ghes-request-error.js";

export const ALL_USERS_REPORT_PATH = "/stafftools/reports/all_users.csv";

export type ReportPolling = {
  /** first pause after a 202; doubled after each, up to maxDelayMs */
  initialDelayMs: number;
  maxDelayMs: number;
  /** give up after waiting this long in all */
  deadlineMs: number;
  sleep: (ms: number) => Promise<void>;
};

export const DEFAULT_REPORT_POLLING: ReportPolling = {
  initialDelayMs: 2_000,
  maxDelayMs: 30_000,
  deadlineMs: 15 * 60_000,
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

/** The server refused the credentials (401): a new token is needed, retrying will not help. */
export class GhesUnauthorizedError extends GhesRequestError {
  constructor(where: string) {
    super("http", "answered 401: the stored token was rejected", where, 401);
  }
}

export async function downloadAllUsersReport(client: GhesClient, polling: Partial<ReportPolling> = {}): Promise<IncomingMessage> {
  const { initialDelayMs, maxDelayMs, deadlineMs, sleep } = { ...DEFAULT_REPORT_POLLING, ...polling };
  const where = `${client.origin}${ALL_USERS_REPORT_PATH}`;
  let waited = 0;
  let delay = initialDelayMs;
  for (let attempt = 1; ; attempt++) {
    const response = await client.getWeb(ALL_USERS_REPORT_PATH);
    if (response.status === 200) return response.body;
    response.discard();
    if (response.status === 401) throw new GhesUnauthorizedError(where);
    if (response.status !== 202) throw ghesStatusError(where, response);
    if (waited + delay > deadlineMs) {
      throw new GhesRequestError(
        "timeout",
        `the report was still being generated after ${Math.round(waited / 1000)} s (${attempt} requests); try again later`,
        where,
        202,
      );
    }
    await sleep(delay);
    waited += delay;
    delay = Math.min(delay * 2, maxDelayMs);
  }
}
