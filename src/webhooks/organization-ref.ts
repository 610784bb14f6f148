// Which stored installation an organization event is about: the installation id when GitHub sends
// one, otherwise the organization's account id.
import type { InstallationRef } from "../installations/find-installation.js";

export function organizationRef(payload: { installation?: { id: number } | null; organization: { id: number } }): InstallationRef {
  return payload.installation ? { githubInstallationId: payload.installation.id } : { accountId: payload.organization.id };
}
