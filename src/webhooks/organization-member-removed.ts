// organization.member_removed: a person who registered GHES servers left the organization, so
// their servers pause at once.
import type { Context } from "probot";
import type { AppDependencies } from "../app.js";
import { findInstallation } from "../installations/find-installation.js";
import { pauseRegistrantServers } from "../installations/pause-registrant-servers.js";
import { organizationRef } from "./organization-ref.js";

export async function onOrganizationMemberRemoved(context: Context<"organization.member_removed">, deps: AppDependencies): Promise<string> {
  const installation = await findInstallation(deps.db, organizationRef(context.payload));
  if (!installation || installation.deletedAt) return "ignored: unknown installation";
  const member = context.payload.membership.user?.login;
  if (!member) return "ignored: no member in the payload";
  const paused = await pauseRegistrantServers(deps.db, installation.id, member, deps.now(), {
    cause: "organization.member_removed",
    reason: `${member} was removed from ${installation.login}`,
  });
  return paused.length > 0 ? `paused ${paused.map((s) => s.hostname).join(", ")}` : "no servers registered by the member";
}
