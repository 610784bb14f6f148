import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { APP_NODE_FLAGS } from "../../src/runtime/app-node-flags.js";

const packageJson = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { scripts: Record<string, string> };

describe("the app's Node flags", () => {
  it("are the flags npm start runs the app with", () => {
    expect(packageJson.scripts.start).toBe(`node ${APP_NODE_FLAGS.join(" ")} dist/main.js`);
  });

  it("are accepted by this Node (a flag V8 no longer knows stops node at once)", async () => {
    const { code, stdout } = await new Promise<{ code: number; stdout: string }>((resolve) => {
      execFile(process.execPath, [...APP_NODE_FLAGS, "-e", "console.log(process.execArgv.join(' '))"], (error, out) =>
        resolve({ code: error ? Number(error.code) : 0, stdout: out }),
      );
    });
    expect(code).toBe(0);
    expect(stdout.trim()).toBe(`${APP_NODE_FLAGS.join(" ")} -e console.log(process.execArgv.join(' '))`);
  });
});
