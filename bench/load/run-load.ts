// One load scenario: autocannon against a running server for a fixed time, with latencies kept at
// sub-millisecond precision (autocannon's own histogram rounds to whole milliseconds, too coarse
// for a ratio between two apps that answer in about a millisecond).
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
  latencies.sort((a, b) => a - b);
  const statusCodes: Record<string, number> = {};
  for (const [code, stats] of Object.entries((result as unknown as { statusCodeStats?: Record<string, { count: number }> }).statusCodeStats ?? {})) {
    statusCodes[code] = stats.count;
  }
  return {
    requests: result.requests.total,
    throughput: result.requests.total / result.duration,
    p50: percentile(latencies, 0.5),
    p99: percentile(latencies, 0.99),
    max: latencies.at(-1) ?? Number.NaN,
    non2xx: result.non2xx,
    errors: result.errors,
    statusCodes,
  };
}

/** Nearest-rank percentile of sorted values. */
export function percentile(sorted: number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}
