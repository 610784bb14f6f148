// `npm start`: read the environment once, then start the app (in its APP_ROLE); stop gracefully on
// SIGTERM/SIGINT (see stop-app.ts), exit 0 once stopped.
import { ConfigError, loadConfig } from "./config/env.js";
import { createLogger } from "./logging/create-logger.js";
import { readDotEnv, startApp } from "./start.js";

Object.assign(process.env, readDotEnv());

let config;
try {
  config = loadConfig(process.env);
} catch (error) {
  if (error instanceof ConfigError) {
    console.error(error.message);
    process.exit(1);
  }
  throw error;
}

const { log, secrets } = await createLogger({ level: config.logLevel, format: config.logFormat });

let app;
try {
  app = await startApp({ config, log, secrets });
} catch (error) {
  log.fatal({ err: error }, `Start-up failed: ${(error as Error).message}`);
  process.exit(1);
}

const running = app;
let stopping = false;
/** Exits once the log lines already written are out (an immediate exit can reorder or drop them). */
const exitAfterLogs = (code: number) => {
  process.exitCode = code;
  setTimeout(() => process.exit(code), 1000).unref();
};
for (const signal of ["SIGTERM", "SIGINT"] as const) {
  process.on(signal, () => {
    if (stopping) {
      // A second signal is an operator who will not wait: the queue retries what was running.
      log.warn(`${signal} received again while stopping: exiting now`);
      process.exit(1);
    }
    stopping = true;
    log.info(`${signal} received: stopping gracefully (up to ${config.shutdownGraceSeconds} s for running jobs)`);
    // The stop bounds each of its steps; this is the last resort should one hang regardless.
    setTimeout(() => {
      log.error("Graceful stop did not finish in time: exiting");
      process.exit(1);
    }, (config.shutdownGraceSeconds + 15) * 1000).unref();
    running.stop().then(
      () => exitAfterLogs(0),
      (error: unknown) => {
        log.error({ err: error }, "Error while stopping");
        exitAfterLogs(1);
      },
    );
  });
}
