// The organization's people who consume a license, from the REST API: owners and members (two
// paged lists by role), outside collaborators and pending invitations. Billing managers are in
// none of these lists unless they are members as well; invitations to become one are skipped.
import { z } from "zod";
import { isRefusal, type CloudPerson, type CloudRole, type Limitations, type Octokit } from "./cloud-people.js";
import { describeError } from "../github/get-org-membership.js";

const account = z.object({ login: z.string().min(1), id: z.number().int() });
const invitation = z.object({
  login: z.string().min(1).nullable().optional(),
  email: z.string().nullable().optional(),
  role: z.string().optional(),
});

function person(role: CloudRole, login: string | null, githubId: number | null, invitationEmail: string | null = null): CloudPerson {
  return { login, githubId, name: null, role, publicEmail: null, verifiedDomainEmails: [], invitationEmail, twoFactor: null };
}

function parseList<T>(schema: z.ZodType<T>, data: unknown, what: string): T[] {
  const parsed = z.array(schema).safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new Error(`GitHub's ${what} list is not as expected at ${issue.path.join(".")}: ${issue.message}`);
  }
  return parsed.data;
}

export async function listOrgPeople(octokit: Octokit, org: string): Promise<{ people: CloudPerson[]; limitations: Limitations }> {
  const limitations: Limitations = {};
  // A person listed twice (e.g. an outside collaborator who was also invited) keeps the first, strongest role.
  const byLogin = new Map<string, CloudPerson>();
  const emailInvites: CloudPerson[] = [];
  const add = (p: CloudPerson) => {
    const key = p.login!.toLowerCase();
    if (!byLogin.has(key)) byLogin.set(key, p);
  };

  // Members are the heart of the count: failing to read them fails the pull.
  for (const [role, kind] of [["admin", "owner"], ["member", "member"]] as const) {
    const data = await octokit.paginate("GET /orgs/{org}/members", { org, role, per_page: 100 });
    for (const m of parseList(account, data, `${role} members`)) add(person(kind, m.login, m.id));
  }

  // Members who have not turned two-factor authentication on; everyone else on the member lists has.
  try {
    const data = await octokit.paginate("GET /orgs/{org}/members", { org, filter: "2fa_disabled", per_page: 100 });
    const without = new Set(parseList(account, data, "members without two-factor authentication").map((m) => m.login.toLowerCase()));
    for (const p of byLogin.values()) p.twoFactor = !without.has(p.login!.toLowerCase());
  } catch (error) {
    if (!isRefusal(error) && (error as { status?: number }).status !== 422) throw error;
    limitations.two_factor = `GitHub refused the list of members without two-factor authentication (${describeError(error)})`;
  }

  try {
    const data = await octokit.paginate("GET /orgs/{org}/outside_collaborators", { org, per_page: 100 });
    for (const m of parseList(account, data, "outside collaborators")) add(person("outside_collaborator", m.login, m.id));
  } catch (error) {
    if (!isRefusal(error)) throw error;
    limitations.outside_collaborators = `GitHub refused the outside collaborators list (${describeError(error)})`;
  }

  try {
    const data = await octokit.paginate("GET /orgs/{org}/invitations", { org, per_page: 100 });
    for (const inv of parseList(invitation, data, "pending invitations")) {
      if (inv.role === "billing_manager") continue;
      if (inv.login) add(person("pending_invitation", inv.login, null, inv.email ?? null));
      else if (inv.email) emailInvites.push(person("pending_invitation", null, null, inv.email));
    }
  } catch (error) {
    if (!isRefusal(error)) throw error;
    limitations.pending_invitations = `GitHub refused the pending invitations list (${describeError(error)})`;
  }

  return { people: [...byLogin.values(), ...emailInvites], limitations };
}
