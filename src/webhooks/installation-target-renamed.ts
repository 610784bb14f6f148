// installation_target.renamed: the organization (or account) got a new login.
import type { Context } from "probot";
import type { AppDependencies } from "../app.js";
import { renameInstallation } from "../installations/rename-installation.js";
import { accountLogin } from "./account-login.js";

export async function onInstallationTargetRenamed(context: Context<"installation_target.renamed">, deps: AppDependencies): Promise<string> {
  const login = accountLogin(context.payload.account);
  if (!login) return "ignored: no new login in the payload";
  const renamed = await renameInstallation(deps.db, { githubInstallationId: context.payload.installation.id }, login, deps.now());
  return renamed ? `renamed to ${login}` : "ignored: unknown installation";
}
