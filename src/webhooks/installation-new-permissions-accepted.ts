// installation.new_permissions_accepted: the app may now read what it could not before (the
// settings file among them), so read the settings again.
import type { Context } from "probot";
import type { AppDependencies } from "../app.js";
import { findInstallation } from "../installations/find-installation.js";
import { refreshSettings } from "./refresh-settings.js";

export async function onInstallationNewPermissionsAccepted(
  context: Context<"installation.new_permissions_accepted">,
  deps: AppDependencies,
): Promise<string> {
  const installation = await findInstallation(deps.db, { githubInstallationId: context.payload.installation.id });
  if (!installation || installation.deletedAt) return "ignored: unknown installation";
  return refreshSettings(context, deps, installation);
}
