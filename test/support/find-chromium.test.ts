import { describe, expect, it } from "vitest";
import { findChromium, type ChromiumLookup } from "./find-chromium.js";

const PACKAGED = { executablePath: "/cache/chromium" };

function lookup(overrides: Partial<ChromiumLookup> & { executables?: string[] } = {}): ChromiumLookup {
  const { executables = [], ...rest } = overrides;
  return {
    env: {},
    platform: "linux",
    arch: "x64",
    isExecutable: (path) => executables.includes(path),
    packaged: async () => PACKAGED,
    ...rest,
  };
}

describe("findChromium", () => {
  it("takes CHROMIUM_PATH first, and refuses one that is not an executable file rather than skipping", async () => {
    const env = { CHROMIUM_PATH: "/opt/chrome/chrome" };
    await expect(findChromium(lookup({ env, executables: ["/opt/chrome/chrome", "/usr/bin/chromium"] }))).resolves.toEqual({
      found: true,
      executablePath: "/opt/chrome/chrome",
      source: "CHROMIUM_PATH",
    });
    await expect(findChromium(lookup({ env, executables: ["/usr/bin/chromium"] }))).rejects.toThrow("CHROMIUM_PATH=/opt/chrome/chrome is not an executable file");
  });

  it("then a browser installed where Debian, Ubuntu or macOS put it", async () => {
    await expect(findChromium(lookup({ executables: ["/usr/bin/google-chrome", "/usr/bin/chromium-browser"] }))).resolves.toMatchObject({
      executablePath: "/usr/bin/chromium-browser",
    });
    const mac = "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome";
    await expect(findChromium(lookup({ platform: "darwin", arch: "arm64", executables: [mac] }))).resolves.toMatchObject({ executablePath: mac });
  });

  it("then, on Linux x64 alone, the packaged Chromium", async () => {
    let unpacked = 0;
    const packaged = async () => {
      unpacked++;
      return PACKAGED;
    };
    await expect(findChromium(lookup({ packaged }))).resolves.toEqual({ found: true, executablePath: "/cache/chromium", source: "@sparticuz/chromium" });
    await findChromium(lookup({ packaged, executables: ["/usr/bin/chromium"] }));
    await findChromium(lookup({ packaged, arch: "arm64" }));
    expect(unpacked).toBe(1);
  });

  it("gives the reason when none can be had, for the skip", async () => {
    const linux = await findChromium(lookup({ packaged: async () => ({ reason: "did not start here: libnss3.so: cannot open shared object file" }) }));
    expect(linux).toEqual({ found: false, reason: expect.stringContaining("CHROMIUM_PATH is unset and no browser is installed at /usr/bin/chromium, ") });
    expect(linux.found || linux.reason).toMatch(/the packaged Chromium \(@sparticuz\/chromium\) did not start here: libnss3\.so/);
    const mac = await findChromium(lookup({ platform: "darwin", arch: "arm64" }));
    expect(mac.found || mac.reason).toMatch(/\/Applications\/Chromium\.app.*; the packaged Chromium \(@sparticuz\/chromium\) is for Linux x64 only$/);
  });
});
