// installation.deleted: stop syncing, delete stored GHES tokens now, purge the data later.
import type { Context } from "probot";
import type { AppDependencies } from "../app.js";
import { markInstallationDeleted } from "../installations/mark-installation-deleted.js";

export async function onInstallationDeleted(context: Context<"installation.deleted">, deps: AppDependencies): Promise<string> {
  const result = await markInstallationDeleted(deps.db, { githubInstallationId: context.payload.installation.id }, deps.now(), "installation.deleted");
  if (!result) return "ignored: unknown installation";
  return `deleted; ${result.tokensDeleted} token(s) deleted; purge after ${result.installation.purgeAfter?.toISOString()}`;
}
