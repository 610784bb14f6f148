import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { pushChangesSettings, type PushSummary } from "../../src/settings/push-changes-settings.js";

const fixture = (): PushSummary => JSON.parse(readFileSync("test/fixtures/push/settings-changed.json", "utf8")) as PushSummary;

describe("pushChangesSettings", () => {
  it("is true for the fixture: the settings file modified on .github's default branch", () => {
    expect(pushChangesSettings(fixture())).toBe(true);
  });

  it("is true when the file is added or removed", () => {
    for (const key of ["added", "removed"] as const) {
      const push = fixture();
      push.commits = [{ added: [], modified: [], removed: [], [key]: [".github/license-sync.yml"] }];
      push.head_commit = push.commits[0]!;
      expect(pushChangesSettings(push)).toBe(true);
    }
  });

  it("is false for another file, another branch, another repository, or a deleted branch", () => {
    const other = fixture();
    other.commits = [{ modified: ["README.md"] }];
    other.head_commit = other.commits[0]!;
    expect(pushChangesSettings(other)).toBe(false);

    expect(pushChangesSettings({ ...fixture(), ref: "refs/heads/feature" })).toBe(false);
    expect(pushChangesSettings({ ...fixture(), ref: "refs/tags/v1" })).toBe(false);
    const repo = fixture();
    repo.repository.name = "website";
    expect(pushChangesSettings(repo)).toBe(false);
    expect(pushChangesSettings({ ...fixture(), deleted: true })).toBe(false);
  });

  it("is false for a file of the same name elsewhere", () => {
    const push = fixture();
    push.commits = [{ modified: ["docs/.github/license-sync.yml", "license-sync.yml"] }];
    push.head_commit = null;
    expect(pushChangesSettings(push)).toBe(false);
  });

  it("is true for a push longer than GitHub lists, which may hide the change", () => {
    const push = fixture();
    push.commits = Array.from({ length: 20 }, () => ({ modified: ["README.md"] }));
    push.head_commit = { modified: ["README.md"] };
    expect(pushChangesSettings(push)).toBe(true);
  });

  it("is false for a .github repository of a personal account", () => {
    const push = fixture();
    push.repository.owner = { login: "octo-owner", type: "User" };
    expect(pushChangesSettings(push)).toBe(false);
  });
});
