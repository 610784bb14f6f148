// Keeps one issue per alert in the organization's `.github` repository: opened when its condition
// starts, updated (not duplicated) while it lasts, closed when it clears.
import type { ProbotOctokit } from "probot";
import type { Database } from "../db/open-database.js";
import { alertConditions, type AlertInputs, type AlertThresholds } from "./alert-conditions.js";

type Octokit = InstanceType<typeof ProbotOctokit>;

export const ALERTS_REPO = ".github";

export type AlertChanges = { opened: string[]; updated: string[]; closed: string[] };

export async function syncAlerts(
  octokit: Octokit,
  db: Database,
  installationId: number,
  inputs: AlertInputs,
  thresholds: AlertThresholds,
): Promise<AlertChanges> {
  const changes: AlertChanges = { opened: [], updated: [], closed: [] };
  const wanted = new Map(alertConditions(inputs, thresholds).map((a) => [a.key, a]));
  const known = await db.prisma.alert.findMany({ where: { installationId } });
  const repo = { owner: inputs.org, repo: ALERTS_REPO };

  for (const alert of wanted.values()) {
    const existing = known.find((k) => k.key === alert.key && k.state === "open" && k.issueNumber !== null);
    if (existing) {
      if (existing.detail !== alert.title) {
        await octokit.request("PATCH /repos/{owner}/{repo}/issues/{issue_number}", {
          ...repo,
          issue_number: existing.issueNumber!,
          title: alert.title,
          body: alert.body,
          state: "open",
        });
        await db.prisma.alert.update({ where: { installationId_key: { installationId, key: alert.key } }, data: { detail: alert.title } });
        changes.updated.push(alert.key);
      }
      continue;
    }
    const { data: issue } = await octokit.request("POST /repos/{owner}/{repo}/issues", { ...repo, title: alert.title, body: alert.body });
    await db.prisma.alert.upsert({
      where: { installationId_key: { installationId, key: alert.key } },
      create: { installationId, key: alert.key, issueNumber: issue.number, state: "open", detail: alert.title },
      update: { issueNumber: issue.number, state: "open", detail: alert.title },
    });
    changes.opened.push(alert.key);
  }

  for (const alert of known) {
    if (alert.state !== "open" || wanted.has(alert.key)) continue;
    if (alert.issueNumber !== null) {
      await octokit.request("POST /repos/{owner}/{repo}/issues/{issue_number}/comments", {
        ...repo,
        issue_number: alert.issueNumber,
        body: "The condition has cleared; license-sync is closing this issue.",
      });
      await octokit.request("PATCH /repos/{owner}/{repo}/issues/{issue_number}", { ...repo, issue_number: alert.issueNumber, state: "closed" });
    }
    await db.prisma.alert.update({ where: { installationId_key: { installationId, key: alert.key } }, data: { state: "closed" } });
    changes.closed.push(alert.key);
  }
  return changes;
}
