// The stafftools user report (`/stafftools/reports/all_users.csv`, Basic auth): GHES answers 202
// while it generates the report, so ask again with growing pauses until it is ready or the
// deadline passes. The ready answer's body is returned unread, to be parsed as a stream.
import type { IncomingMessage } from "node:http";
import { Readable } from "node:stream";
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

export async function downloadAllUsersReport(client: GhesClient, polling: Partial<ReportPolling> = {}): Promise<Readable> {
  const { initialDelayMs, maxDelayMs, deadlineMs, sleep } = { ...DEFAULT_REPORT_POLLING, ...polling };
  const where = `${client.origin}${ALL_USERS_REPORT_PATH}`;
  let waited = 0;
  let delay = initialDelayMs;
  for (let attempt = 1; ; attempt++) {
    const response = await client.getWeb(ALL_USERS_REPORT_PATH);
    if (response.status === 200) return namedStreamErrors(response.body, where);
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

/**
 * The body as a stream whose errors say where and what. Two reasons: a connection lost half-way
 * through the report surfaces from node as a bare "aborted", which tells an owner nothing; and the
 * consumer starts reading only after its first database writes, so an error before that found no
 * listener on the raw body and ended the process. Listening here at once, and reading the body
 * only when the consumer asks, gives the error to the consumer instead.
 */
function namedStreamErrors(body: IncomingMessage, where: string): Readable {
  let failure: NodeJS.ErrnoException | undefined;
  body.on("error", (error) => (failure ??= error));
  const named = (error: NodeJS.ErrnoException) =>
    error instanceof GhesRequestError
      ? error
      : new GhesRequestError("unreachable", `the connection was lost while the report was being read (${error.code ?? error.message})`, where, 200);
  async function* chunks(): AsyncGenerator<Buffer> {
    try {
      for await (const chunk of body) yield chunk as Buffer;
    } catch (error) {
      throw named(error as NodeJS.ErrnoException);
    }
    if (failure) throw named(failure);
    // Ended without an error event but short of the whole body: still not the whole report.
    if (!body.complete) throw named(Object.assign(new Error("aborted"), { code: "ECONNRESET" }));
  }
  return Readable.from(chunks(), { objectMode: false });
}
