// One load scenario against a running server for a fixed time, with latencies kept at
// sub-millisecond precision (autocannon's own histogram rounds to whole milliseconds, too coarse
// for a ratio between two apps that answer in about a millisecond). Two kinds:
//   runLoad   autocannon, each connection sending its next request as soon as the last is answered:
//             the server's throughput. Its latency is mostly queueing (p50 ≈ connections / throughput).
//   runPaced  requests at a fixed offered rate, evenly spaced, sent whether or not earlier ones were
//             answered: the latency a sender at that rate sees. Not autocannon's `overallRate`: it
//             gives each connection a quota per second, which it sends back to back at the start of
//             each second (at 200 req/s, 10 connections: ~190 requests in the first 100 ms, then
//             nothing), so its latency is that of saturation bursts again.
import { Agent, request } from "node:http";
import { setTimeout as sleep } from "node:timers/promises";
import autocannon from "autocannon";

export type LoadOptions = {
  url: string;
  method?: "GET" | "POST";
  headers?: Record<string, string>;
  body?: string;
  /** changes each request before it is sent (a fresh delivery id, a random page) */
  setupRequest?: (request: autocannon.Request) => autocannon.Request;
  connections: number;
  seconds: number;
};

export type LoadFigures = {
  requests: number;
  /** responses per second over the run */
  throughput: number;
  p50: number;
  p99: number;
  max: number;
  non2xx: number;
  errors: number;
  statusCodes: Record<string, number>;
};

export async function runLoad(options: LoadOptions): Promise<LoadFigures> {
  const latencies: number[] = [];
  let finished: (error: Error | null, result: autocannon.Result) => void = () => undefined;
  const done = new Promise<autocannon.Result>((resolve, reject) => {
    finished = (error, result) => (error ? reject(error) : resolve(result));
  });
  const instance = autocannon(
    {
      url: options.url,
      method: options.method ?? "GET",
      headers: options.headers,
      body: options.body,
      connections: options.connections,
      duration: options.seconds,
      requests: [{ setupRequest: options.setupRequest }],
    },
    (error, result) => finished(error as Error | null, result),
  );
  instance.on("response", (_client, statusCode, _bytes, responseTime) => {
    if (statusCode >= 200 && statusCode < 300) latencies.push(responseTime);
  });
  const result = await done;
  const statusCodes: Record<string, number> = {};
  for (const [code, stats] of Object.entries((result as unknown as { statusCodeStats?: Record<string, { count: number }> }).statusCodeStats ?? {})) {
    statusCodes[code] = stats.count;
  }
  return figures(latencies, { requests: result.requests.total, seconds: result.duration, non2xx: result.non2xx, errors: result.errors, statusCodes });
}

export type PacedOptions = Omit<LoadOptions, "setupRequest" | "connections"> & {
  /** requests per second offered, one every 1000 / rate ms */
  rate: number;
  /** headers added to each request (a fresh delivery id) */
  requestHeaders?: () => Record<string, string>;
  /** the path and query of each request (a random page); the URL's own otherwise */
  requestPath?: () => string;
};

/**
 * Requests at `rate` a second for `seconds`, each timed from the moment it is sent to its answer's
 * last byte. Open loop: a slow answer delays no later request (keep-alive sockets are opened as
 * needed), so a server that cannot keep up shows it in latency and in fewer answers a second.
 */
export async function runPaced(options: PacedOptions): Promise<LoadFigures> {
  const url = new URL(options.url);
  const agent = new Agent({ keepAlive: true, maxSockets: 512 });
  const body = options.body ?? "";
  const latencies: number[] = [];
  const statusCodes: Record<string, number> = {};
  let non2xx = 0;
  let errors = 0;
  const send = () =>
    new Promise<void>((resolve) => {
      const sent = performance.now();
      const headers = { ...options.headers, ...options.requestHeaders?.(), "content-length": String(Buffer.byteLength(body)) };
      const path = options.requestPath?.() ?? `${url.pathname}${url.search}`;
      const req = request({ agent, host: url.hostname, port: url.port, path, method: options.method ?? "GET", headers }, (response) => {
        response.resume();
        response.once("end", () => {
          const status = response.statusCode ?? 0;
          statusCodes[status] = (statusCodes[status] ?? 0) + 1;
          if (status >= 200 && status < 300) latencies.push(performance.now() - sent);
          else non2xx += 1;
          resolve();
        });
      });
      req.once("error", () => {
        errors += 1;
        resolve();
      });
      req.end(body);
    });

  const interval = 1000 / options.rate;
  const total = Math.round(options.rate * options.seconds);
  const start = performance.now();
  const answers: Array<Promise<void>> = [];
  for (let i = 0; i < total; i++) {
    // Timers fire no finer than 1 ms: a request less than that ahead of its time goes now.
    const wait = start + i * interval - performance.now();
    if (wait >= 1) await sleep(wait);
    answers.push(send());
  }
  await Promise.all(answers);
  const seconds = (performance.now() - start) / 1000;
  agent.destroy();
  return figures(latencies, { requests: latencies.length + non2xx, seconds, non2xx, errors, statusCodes });
}

function figures(latencies: number[], counts: { requests: number; seconds: number; non2xx: number; errors: number; statusCodes: Record<string, number> }): LoadFigures {
  latencies.sort((a, b) => a - b);
  return {
    requests: counts.requests,
    throughput: counts.requests / counts.seconds,
    p50: percentile(latencies, 0.5),
    p99: percentile(latencies, 0.99),
    max: latencies.at(-1) ?? Number.NaN,
    non2xx: counts.non2xx,
    errors: counts.errors,
    statusCodes: counts.statusCodes,
  };
}

/** Nearest-rank percentile of sorted values. */
export function percentile(sorted: number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}
