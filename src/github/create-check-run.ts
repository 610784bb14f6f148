// A completed check run on a commit (`POST /repos/{owner}/{repo}/check-runs`, Checks: write).
import type { Octokit } from "./octokit.js";

export type CompletedCheckRun = {
  owner: string;
  repo: string;
  headSha: string;
  name: string;
  conclusion: "success" | "failure" | "neutral";
  title: string;
  summary: string;
  text?: string;
  completedAt: Date;
};

/** GitHub limits each output field to 65535 characters. */
const OUTPUT_LIMIT = 65_000;

export async function createCheckRun(octokit: Octokit, run: CompletedCheckRun): Promise<{ id: number; htmlUrl: string | null }> {
  const { data } = await octokit.request("POST /repos/{owner}/{repo}/check-runs", {
    owner: run.owner,
    repo: run.repo,
    name: run.name,
    head_sha: run.headSha,
    status: "completed",
    conclusion: run.conclusion,
    completed_at: run.completedAt.toISOString(),
    output: {
      title: run.title,
      summary: truncate(run.summary),
      ...(run.text ? { text: truncate(run.text) } : {}),
    },
  });
  return { id: Number(data.id), htmlUrl: data.html_url };
}

function truncate(text: string): string {
  return text.length <= OUTPUT_LIMIT ? text : `${text.slice(0, OUTPUT_LIMIT)}\n\n… (cut at ${OUTPUT_LIMIT} characters)`;
}
