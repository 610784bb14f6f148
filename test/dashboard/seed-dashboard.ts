// What the dashboard tests start from: the installed organization, a server, a count in force with
// its split, consumed-license rows (some unmatched) and a weekly usage point.
import type { Database } from "../../src/db/open-database.js";
import type { ConsumedLicenseRow, MatchRule } from "../../src/licenses/license-types.js";
import { packLicenseRow } from "../../src/licenses/stored-license-row.js";
import { PEOPLE, seedInstallation } from "../http/api/serve-test-app.js";

export type SeedPerson = { login?: string; name?: string; ghes?: { hostname: string; id: number; email: string }; rule?: MatchRule; detail?: string };

export function licenseRow(p: SeedPerson): ConsumedLicenseRow {
  const login = p.login ?? "";
  return {
    github_com_login: login,
    github_com_name: p.name ?? "",
    enterprise_server_user_ids: p.ghes ? [`${p.ghes.hostname}:${p.ghes.id}`] : [],
    github_com_user: login !== "",
    enterprise_server_user: p.ghes !== undefined,
    visual_studio_subscription_user: false,
    license_type: "enterprise",
    github_com_profile: login ? `https://github.com/${login}` : "",
    github_com_member_roles: login ? ["octo-org:Member"] : [],
    github_com_enterprise_roles: [],
    github_com_verified_domain_emails: [],
    github_com_saml_name_id: "",
    github_com_orgs_with_pending_invites: [],
    github_com_two_factor_auth: login ? true : null,
    enterprise_server_emails: p.ghes ? [p.ghes.email] : [],
    visual_studio_license_status: "",
    visual_studio_subscription_email: "",
    total_user_accounts: (login ? 1 : 0) + (p.ghes ? 1 : 0),
    match: { rule: p.rule ?? (login && p.ghes ? "saml" : "none"), detail: p.detail ?? "matched" },
  };
}

export async function seedDashboard(db: Database, people: SeedPerson[], options: { hostname?: string; name?: string } = {}) {
  const installation = await seedInstallation(db);
  const server = await db.prisma.ghesServer.create({
    data: {
      installationId: installation.id,
      hostname: options.hostname ?? "ghes.example.com",
      apiUrl: "https://ghes.example.com/api/v3",
      version: "3.14.2",
      registeredBy: PEOPLE.owner.login,
      licenseSync: "enabled",
      tokenSealed: "sealed-token-placeholder",
    },
  });
  const rows = people.map(licenseRow);
  const recount = await db.prisma.recount.create({
    data: {
      installationId: installation.id,
      totalConsumed: rows.length,
      totalPurchased: "500",
      ghecOnly: rows.filter((r) => r.github_com_user && !r.enterprise_server_user).length,
      ghesOnly: rows.filter((r) => !r.github_com_user && r.enterprise_server_user).length,
      both: rows.filter((r) => r.github_com_user && r.enterprise_server_user).length,
      unmatched: rows.filter((r) => !r.github_com_user && r.enterprise_server_user).length,
      perDeployment: {},
    },
  });
  await db.prisma.consumedLicense.createMany({
    data: rows.map((row, ord) => ({
      recountId: recount.id,
      ord,
      githubComLogin: row.github_com_login,
      matchRule: row.match.rule,
      searchText: [row.github_com_login, row.github_com_name, ...row.enterprise_server_emails].filter(Boolean).join(" ").toLowerCase(),
      row: packLicenseRow(row),
    })),
  });
  await db.prisma.installation.update({ where: { id: installation.id }, data: { currentRecountId: recount.id } });
  await db.prisma.usagePoint.create({ data: { installationId: installation.id, weekStart: new Date("2026-11-23"), consumed: rows.length, purchased: "500", perDeployment: {} } });
  return { installation, server, recount };
}
