// installation.new_permissions_accepted: the app may now read what it could not before (the
// members list, the settings file), so an owner check left pending is tried again and the
// settings are read again.
import type { Context } from "probot";
import type { AppDependencies } from "../app.js";
import { findInstallation } from "../installations/find-installation.js";
import { verifyInstallationOwner } from "../installations/verify-installation-owner.js";
import { refreshSettings } from "./refresh-settings.js";

export async function onInstallationNewPermissionsAccepted(
  context: Context<"installation.new_permissions_accepted">,
  deps: AppDependencies,
): Promise<string> {
  let installation = await findInstallation(deps.db, { githubInstallationId: context.payload.installation.id });
  if (!installation || installation.deletedAt) return "ignored: unknown installation";
  if (installation.verification === "pending") {
    installation = (await verifyInstallationOwner(context.octokit, deps.db, installation, deps.now())).installation;
  }
  return `${installation.verification}; ${await refreshSettings(context, deps, installation)}`;
}
