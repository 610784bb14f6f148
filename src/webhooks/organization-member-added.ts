// organization.member_added: GitHub reports the membership with its role. A server registrant
// whose membership is now anything but an active owner's pauses their servers.
import type { Context } from "probot";
import type { AppDependencies } from "../app.js";
import { findInstallation } from "../installations/find-installation.js";
import { pauseRegistrantServers } from "../installations/pause-registrant-servers.js";
import { organizationRef } from "./organization-ref.js";

export async function onOrganizationMemberAdded(context: Context<"organization.member_added">, deps: AppDependencies): Promise<string> {
  const { membership } = context.payload;
  const member = membership.user?.login;
  if (!member) return "ignored: no member in the payload";
  if (membership.role === "admin" && membership.state === "active") return "owner: nothing to do";
  const installation = await findInstallation(deps.db, organizationRef(context.payload));
  if (!installation || installation.deletedAt) return "ignored: unknown installation";
  const paused = await pauseRegistrantServers(deps.db, installation.id, member, deps.now(), {
    cause: "organization.member_added",
    reason: `${member}'s membership of ${installation.login} is ${membership.state} ${membership.role}`,
  });
  return paused.length > 0 ? `paused ${paused.map((s) => s.hostname).join(", ")}` : "no servers registered by the member";
}
