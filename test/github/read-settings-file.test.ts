import nock from "nock";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { mergeConfigs, readSettingsFile } from "../../src/github/read-settings-file.js";
import { GITHUB_API, installationOctokit, isolateNetwork, mockSettingsFile, restoreNetwork } from "./github-nock.js";

describe("readSettingsFile", () => {
  beforeEach(isolateNetwork);
  afterEach(() => {
    expect(nock.pendingMocks()).toEqual([]);
    restoreNetwork();
  });

  it("reads the YAML file of the organization's .github repository at a commit", async () => {
    mockSettingsFile("acme-corp", "seats: 500\nalerts:\n  seat_threshold: 0.8\n", "abc123");
    expect(await readSettingsFile(installationOctokit(), "acme-corp", "abc123")).toEqual({
      kind: "found",
      content: { seats: 500, alerts: { seat_threshold: 0.8 } },
    });
  });

  it("reads the default branch when no commit is given", async () => {
    mockSettingsFile("acme-corp", "retention_days: 30\n");
    expect(await readSettingsFile(installationOctokit(), "acme-corp")).toEqual({ kind: "found", content: { retention_days: 30 } });
  });

  it("says absent when there is no file (404)", async () => {
    mockSettingsFile("acme-corp", null);
    expect(await readSettingsFile(installationOctokit(), "acme-corp")).toEqual({ kind: "absent" });
  });

  it("reports a file that is not YAML, with the parser's reason, instead of throwing", async () => {
    mockSettingsFile("acme-corp", "alerts:\n  seat_threshold: [0.9\n", "abc123");
    const file = await readSettingsFile(installationOctokit(), "acme-corp", "abc123");
    expect(file.kind).toBe("unreadable");
    expect(file).toMatchObject({ message: expect.stringMatching(/^is not valid YAML: .+/) });
  });

  it("follows _extends (Probot's config convention), the repository's own keys winning", async () => {
    mockSettingsFile("acme-corp", "_extends: policies:.github/license-sync.yml\nalerts:\n  failed_syncs: 5\n");
    nock(GITHUB_API)
      .get((path) => path.startsWith("/repos/acme-corp/policies/contents/"))
      .reply(200, "alerts:\n  seat_threshold: 0.7\n  failed_syncs: 3\nretention_days: 90\n", { "content-type": "text/plain; charset=utf-8" });
    expect(await readSettingsFile(installationOctokit(), "acme-corp")).toEqual({
      kind: "found",
      content: { alerts: { seat_threshold: 0.7, failed_syncs: 5 }, retention_days: 90 },
    });
  });

  it("throws when GitHub cannot be asked: nothing can be said about the file", async () => {
    nock(GITHUB_API).get(/\/repos\/acme-corp\/\.github\/contents\//).reply(503, { message: "Service Unavailable" });
    await expect(readSettingsFile(installationOctokit(), "acme-corp")).rejects.toMatchObject({ status: 503 });
  });
});

describe("mergeConfigs", () => {
  it("merges mappings deeply, later ones winning, and replaces lists", () => {
    expect(mergeConfigs([{ a: { b: 1, c: [1, 2] }, d: 1 }, { a: { c: [3] }, d: 2 }])).toEqual({ a: { b: 1, c: [3] }, d: 2 });
  });

  it("hands a non-mapping file through for validation to refuse", () => {
    expect(mergeConfigs([[1, 2]])).toEqual([1, 2]);
    expect(mergeConfigs([])).toEqual({});
  });
});
