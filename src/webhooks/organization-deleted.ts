// organization.deleted: the organization is gone; treated as an uninstall.
import type { Context } from "probot";
import type { AppDependencies } from "../app.js";
import { markInstallationDeleted } from "../installations/mark-installation-deleted.js";
import { organizationRef } from "./organization-ref.js";

export async function onOrganizationDeleted(context: Context<"organization.deleted">, deps: AppDependencies): Promise<string> {
  const result = await markInstallationDeleted(deps.db, organizationRef(context.payload), deps.now(), "organization.deleted");
  if (!result) return "ignored: unknown installation";
  return `deleted; ${result.tokensDeleted} token(s) deleted`;
}
