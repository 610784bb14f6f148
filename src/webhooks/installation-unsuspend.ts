// installation.unsuspend: syncing resumes (if the installation is verified).
import type { Context } from "probot";
import type { AppDependencies } from "../app.js";
import { setInstallationSuspended } from "../installations/set-installation-suspended.js";

export async function onInstallationUnsuspend(context: Context<"installation.unsuspend">, deps: AppDependencies): Promise<string> {
  const updated = await setInstallationSuspended(deps.db, context.payload.installation.id, null, deps.now());
  return updated ? "unsuspended" : "ignored: unknown installation";
}
