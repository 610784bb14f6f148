// organization.renamed: follow the organization's new login.
import type { Context } from "probot";
import type { AppDependencies } from "../app.js";
import { renameInstallation } from "../installations/rename-installation.js";
import { organizationRef } from "./organization-ref.js";

export async function onOrganizationRenamed(context: Context<"organization.renamed">, deps: AppDependencies): Promise<string> {
  const login = context.payload.organization.login;
  const renamed = await renameInstallation(deps.db, organizationRef(context.payload), login, deps.now());
  return renamed ? `renamed to ${login}` : "ignored: unknown installation";
}
