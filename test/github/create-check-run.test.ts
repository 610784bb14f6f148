import nock from "nock";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createCheckRun } from "../../src/github/create-check-run.js";
import { GITHUB_API, installationOctokit, isolateNetwork, restoreNetwork } from "./github-nock.js";

describe("createCheckRun", () => {
  beforeEach(isolateNetwork);
  afterEach(() => {
    expect(nock.pendingMocks()).toEqual([]);
    restoreNetwork();
  });

  it("posts a completed check run on the commit", async () => {
    let body: Record<string, unknown> = {};
    nock(GITHUB_API)
      .post("/repos/acme-corp/.github/check-runs", (b: Record<string, unknown>) => {
        body = b;
        return true;
      })
      .reply(201, { id: 42, html_url: "https://github.com/acme-corp/.github/runs/42" });
    const run = await createCheckRun(installationOctokit(), {
      owner: "acme-corp",
      repo: ".github",
      headSha: "6113728f27ae82c7b1a177c8d03f9e96e0adf246",
      name: "license-sync settings",
      conclusion: "failure",
      title: "1 error",
      summary: "- alerts.seat_threshold: must be between 0 and 1",
      completedAt: new Date("2026-11-29T02:00:00Z"),
    });
    expect(run).toEqual({ id: 42, htmlUrl: "https://github.com/acme-corp/.github/runs/42" });
    expect(body).toEqual({
      name: "license-sync settings",
      head_sha: "6113728f27ae82c7b1a177c8d03f9e96e0adf246",
      status: "completed",
      conclusion: "failure",
      completed_at: "2026-11-29T02:00:00.000Z",
      output: { title: "1 error", summary: "- alerts.seat_threshold: must be between 0 and 1" },
    });
  });

  it("cuts an output too long for GitHub instead of having the request refused", async () => {
    let summary = "";
    nock(GITHUB_API)
      .post("/repos/acme-corp/.github/check-runs", (b: { output: { summary: string } }) => {
        summary = b.output.summary;
        return true;
      })
      .reply(201, { id: 1, html_url: null });
    await createCheckRun(installationOctokit(), {
      owner: "acme-corp",
      repo: ".github",
      headSha: "abc",
      name: "n",
      conclusion: "failure",
      title: "t",
      summary: "x".repeat(70_000),
      completedAt: new Date(),
    });
    expect(summary.length).toBeLessThan(65_535);
    expect(summary).toMatch(/cut at 65000 characters\)$/);
  });
});
