// installation.suspend: no syncing while suspended; nothing is deleted.
import type { Context } from "probot";
import type { AppDependencies } from "../app.js";
import { setInstallationSuspended } from "../installations/set-installation-suspended.js";

export async function onInstallationSuspend(context: Context<"installation.suspend">, deps: AppDependencies): Promise<string> {
  const now = deps.now();
  const { suspended_at: suspendedAt } = context.payload.installation;
  const at = suspendedAt ? new Date(suspendedAt) : now;
  const updated = await setInstallationSuspended(deps.db, context.payload.installation.id, Number.isNaN(at.getTime()) ? now : at, now);
  return updated ? "suspended" : "ignored: unknown installation";
}
