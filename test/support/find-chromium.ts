// Which Chromium the browser tests drive, by the first rule that gives one:
//   1. CHROMIUM_PATH, when set (it must be an executable file: a wrong setting fails, never skips);
//   2. a browser installed where Debian, Ubuntu or macOS put it;
//   3. on Linux x64, the Chromium that the @sparticuz/chromium dev dependency ships (compressed in
//      node_modules; unpacked once into node_modules/.cache), provided it starts here.
// When none can be had, the answer is the reason, for a test reported as skipped with it.
import { accessSync, constants, existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

export type ChromiumChoice = { found: true; executablePath: string; source: string } | { found: false; reason: string };

export const USUAL_CHROMIUM_PATHS: Partial<Record<NodeJS.Platform, string[]>> = {
  linux: ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome", "/usr/bin/google-chrome-stable", "/snap/bin/chromium"],
  darwin: ["/Applications/Chromium.app/Contents/MacOS/Chromium", "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome"],
};

/** The arguments every browser test starts Chromium with (headless, no sandbox: tests run as root in CI). */
export const CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"];

export function isExecutableFile(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

export type ChromiumLookup = {
  env: Record<string, string | undefined>;
  platform: NodeJS.Platform;
  arch: string;
  isExecutable: (path: string) => boolean;
  /** the packaged Chromium's path once it has started, or why it cannot be had */
  packaged: () => Promise<{ executablePath: string } | { reason: string }>;
};

export async function findChromium(lookup: ChromiumLookup = defaultLookup()): Promise<ChromiumChoice> {
  const configured = lookup.env.CHROMIUM_PATH;
  if (configured) {
    if (!lookup.isExecutable(configured)) throw new Error(`CHROMIUM_PATH=${configured} is not an executable file.`);
    return { found: true, executablePath: configured, source: "CHROMIUM_PATH" };
  }
  const usual = USUAL_CHROMIUM_PATHS[lookup.platform] ?? [];
  const installed = usual.find((path) => lookup.isExecutable(path));
  if (installed) return { found: true, executablePath: installed, source: installed };
  const none = `CHROMIUM_PATH is unset and no browser is installed at ${usual.length ? usual.join(", ") : `a known place on ${lookup.platform}`}`;
  if (lookup.platform !== "linux" || lookup.arch !== "x64") {
    return { found: false, reason: `${none}; the packaged Chromium (@sparticuz/chromium) is for Linux x64 only` };
  }
  const packaged = await lookup.packaged();
  if ("reason" in packaged) return { found: false, reason: `${none}; the packaged Chromium (@sparticuz/chromium) ${packaged.reason}` };
  return { found: true, executablePath: packaged.executablePath, source: "@sparticuz/chromium" };
}

function defaultLookup(): ChromiumLookup {
  return { env: process.env, platform: process.platform, arch: process.arch, isExecutable: isExecutableFile, packaged: unpackedChromium };
}

/**
 * Unpacks @sparticuz/chromium into node_modules/.cache (the package itself unpacks into the shared
 * /tmp, where another user's or a half-written copy would be taken as is): into a folder of its own
 * first, renamed into place when whole. Then starts it once, so a machine that lacks its system
 * libraries gets the reason instead of a failed test.
 */
async function unpackedChromium(): Promise<{ executablePath: string } | { reason: string }> {
  let packageDir: string;
  try {
    // its exports hide package.json: two folders above its CommonJS entry (build/cjs/index.cjs)
    packageDir = join(dirname(createRequire(import.meta.url).resolve("@sparticuz/chromium")), "..", "..");
  } catch {
    return { reason: "is not installed (npm ci installs it with the dev dependencies)" };
  }
  const { version } = JSON.parse(readFileSync(join(packageDir, "package.json"), "utf8")) as { version: string };
  const cacheRoot = fileURLToPath(new URL("../../node_modules/.cache/license-sync-chromium/", import.meta.url));
  const target = join(cacheRoot, version);
  try {
    if (!existsSync(join(target, "chromium"))) {
      mkdirSync(cacheRoot, { recursive: true });
      const partial = mkdtempSync(join(cacheRoot, `.${version}-`));
      const previousTmp = process.env.TMPDIR;
      process.env.TMPDIR = partial; // where the package unpacks (os.tmpdir())
      try {
        const { default: sparticuz } = await import("@sparticuz/chromium");
        await sparticuz.executablePath(join(packageDir, "bin"));
      } finally {
        if (previousTmp === undefined) delete process.env.TMPDIR;
        else process.env.TMPDIR = previousTmp;
      }
      try {
        renameSync(partial, target);
      } catch (error) {
        rmSync(partial, { recursive: true, force: true });
        if (!existsSync(join(target, "chromium"))) throw error; // not another process that finished first
      }
    }
  } catch (error) {
    return { reason: `could not be unpacked into ${cacheRoot}: ${(error as Error).message}` };
  }
  const executablePath = join(target, "chromium");
  try {
    const browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS, timeout: 30_000 });
    await browser.close();
  } catch (error) {
    const message = (error as Error).message.split("\n").filter((line) => line.trim() && !line.includes("=====")).slice(0, 4).join(" ");
    return { reason: `did not start here: ${message}` };
  }
  return { executablePath };
}
