// One pull of the organization's side: who consumes a license, with the identities and emails
// the matcher needs, and the list of what GitHub would not show.
import type { CloudPull, Octokit } from "./cloud-people.js";
import { fetchUserDetails } from "./fetch-user-details.js";
import { listExternalIdentities } from "./list-external-identities.js";
import { listOrgPeople } from "./list-org-people.js";

export async function pullCloudPeople(octokit: Octokit, org: string, options: { detailsBatchSize?: number } = {}): Promise<CloudPull> {
  const { people, limitations } = await listOrgPeople(octokit, org);

  const saml = await listExternalIdentities(octokit, org);
  if (saml.limitation) limitations.saml = saml.limitation;

  const logins = people.flatMap((p) => (p.login ? [p.login] : []));
  const { details, limitation } = await fetchUserDetails(octokit, org, logins, options.detailsBatchSize);
  if (limitation) limitations.verified_domain_emails = limitation;

  for (const p of people) {
    const d = p.login ? details.get(p.login.toLowerCase()) : undefined;
    if (!d) continue;
    p.name = d.name;
    p.publicEmail = d.publicEmail;
    p.verifiedDomainEmails = d.verifiedDomainEmails;
    p.githubId ??= d.githubId;
  }
  return { people, identities: saml.identities, limitations };
}
