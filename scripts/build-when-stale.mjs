// Runs before `npm start` and `npm run db:migrate` (their npm pre-scripts). In a clone with its dev
// dependencies it compiles src/ to dist/ (`npm run build`) when a source is newer than the last
// build, so `npm install && npm start` always runs what src/ says, and a start with nothing changed
// costs no compile. A deployment installed with `npm ci --omit=dev` cannot compile: it runs the
// dist/ it was given, built where the dev dependencies are, and says so when there is none.
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, statSync, utimesSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import console from "node:console";
import process from "node:process";

const BUILD_INFO = "dist/.tsbuildinfo";
const INPUTS = ["src", "tsconfig.json", "tsconfig.build.json", "package-lock.json"];

function newestChange(path) {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(stat.mtimeMs, ...readdirSync(path).map((name) => newestChange(join(path, name))));
}

// The compiler and Node's type definitions, both dev dependencies (TypeScript alone also comes with
// Prisma in a production install, where the build would fail for want of the types).
let tsc;
try {
  const require = createRequire(import.meta.url);
  require.resolve("@types/node/package.json");
  tsc = require.resolve("typescript/bin/tsc");
} catch {
  if (!existsSync("dist/main.js")) {
    console.error(
      "dist/main.js is missing and the dev dependencies are not installed (npm ci --omit=dev). Build where " +
        "they are (npm ci && npm run build), then deploy dist/ with the production install.",
    );
    process.exit(1);
  }
  process.exit(0);
}

if (existsSync(BUILD_INFO) && existsSync("dist/main.js") && statSync(BUILD_INFO).mtimeMs >= Math.max(...INPUTS.map(newestChange))) process.exit(0);
console.error("Compiling src/ to dist/ (npm run build)");
execFileSync(process.execPath, [tsc, "-p", "tsconfig.build.json"], { stdio: "inherit" });
// tsc leaves its build info alone when no output changed (a source touched, not edited): mark the build as current.
const now = new Date();
utimesSync(BUILD_INFO, now, now);
