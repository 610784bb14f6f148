// push: a change to `.github/license-sync.yml` on the `.github` repository's default branch is
// validated, applied if valid, and answered with a check run on the pushed commit.
import type { Context } from "probot";
import type { AppDependencies } from "../app.js";
import { findInstallation } from "../installations/find-installation.js";
import { checkSettingsPush } from "../settings/check-settings-push.js";
import { pushChangesSettings } from "../settings/push-changes-settings.js";

const UNCHANGED = "ignored: settings file unchanged";

/** Most pushes (every repository of the organization sends them) touch no settings file: nothing to do. */
export function pushSettled(context: Context<"push">): string | undefined {
  return pushChangesSettings(context.payload) ? undefined : UNCHANGED;
}

export async function onPush(context: Context<"push">, deps: AppDependencies): Promise<string> {
  const { payload } = context;
  if (!pushChangesSettings(payload)) return UNCHANGED;
  const owner = payload.repository.owner?.login;
  if (!owner) return "ignored: repository without owner";
  const installation = payload.installation ? await findInstallation(deps.db, { githubInstallationId: payload.installation.id }) : null;
  const outcome = await checkSettingsPush(context.octokit, deps.db, {
    // An unknown installation still gets its check run; there is nothing to store the settings on.
    installationId: installation && !installation.deletedAt ? installation.id : null,
    owner,
    sha: payload.after,
    now: deps.now(),
    // The push is a person's act: its sender is who changed the settings (convention of
    // src/installations/record-github-audit.ts: "github" only when no person is known).
    pusher: payload.sender?.login ?? "github",
  });
  return outcome.kind === "accepted" ? "settings accepted" : `settings rejected (${outcome.errors.length} errors)`;
}
