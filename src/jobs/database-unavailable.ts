// Telling "the database went away" (a restart, a failover, a dropped connection) from any other
// error, so bookkeeping that only needs the database back can wait for it a little instead of
// losing what it had to record.

const CONNECTION_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "EPIPE", "ETIMEDOUT", "ENOTFOUND", "EAI_AGAIN"]);
// SQLSTATE class 08 (connection exception) and 57P01–57P03 (admin shutdown, crash shutdown, cannot connect now).
const SQLSTATE = /^(08...|57P0[123])$/;
const MESSAGE = /connection terminated|terminating connection|connection (?:is )?(?:closed|ended)|not queryable|server closed the connection|timeout exceeded when trying to connect/i;

export function isDatabaseUnavailable(error: unknown): boolean {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === "string" && (CONNECTION_CODES.has(code) || SQLSTATE.test(code))) return true;
    if (current instanceof Error && MESSAGE.test(current.message)) return true;
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}

/**
 * Runs `fn`, and again after growing pauses while it fails because the database is unreachable;
 * any other error, or the last attempt's, is thrown.
 */
export async function whileDatabaseReturns<T>(fn: () => Promise<T>, pausesMs: readonly number[] = [250, 500, 1000, 2000, 4000, 8000]): Promise<T> {
  for (let i = 0; ; i++) {
    try {
      return await fn();
    } catch (error) {
      if (i >= pausesMs.length || !isDatabaseUnavailable(error)) throw error;
      await new Promise((resolve) => setTimeout(resolve, pausesMs[i]));
    }
  }
}
