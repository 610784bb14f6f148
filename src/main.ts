// `npm start`: read the environment once, then start the app; stop cleanly on SIGTERM/SIGINT.
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
for (const signal of ["SIGTERM", "SIGINT"] as const) {
  process.once(signal, () => {
    log.info(`${signal} received, stopping`);
    running.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        log.error({ err: error }, "Error while stopping");
        process.exit(1);
      },
    );
  });
}
