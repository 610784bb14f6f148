import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import { csvHeader, csvLine } from "../../src/licenses/consumed-licenses-csv.js";

const row = {
  github_com_login: "ada",
  github_com_name: 'Ada "Countess" Lovelace, FRS',
  github_com_profile: "https://github.com/ada",
  github_com_user: true,
  github_com_member_roles: ["acme:Owner"],
  github_com_enterprise_roles: ["Owner"],
  github_com_verified_domain_emails: ["ada@acme.com", "a@acme.com"],
  github_com_saml_name_id: "ada@acme.com",
  github_com_orgs_with_pending_invites: [],
  github_com_two_factor_auth: null,
  visual_studio_subscription_user: false,
  visual_studio_subscription_email: "",
  visual_studio_license_status: "",
  license_type: "enterprise",
  enterprise_server_user: true,
  enterprise_server_emails: ["ada@acme.com"],
  enterprise_server_user_ids: ["ghes.acme.com:1", "ghes2.acme.com:7"],
  total_user_accounts: 3,
  match: { rule: "saml", detail: "x" },
};

describe("consumed licenses CSV", () => {
  it("uses GHEC's column names, including the two that differ from the JSON keys", () => {
    const columns = csvHeader().trim().split(",");
    expect(columns).toContain("github_com_enterprise_role");
    expect(columns).toContain("enterprise_server_primary_emails");
    expect(columns).not.toContain("enterprise_server_emails");
    expect(columns).not.toContain("match");
  });

  it("round-trips through a CSV parser: quotes, commas, lists, booleans, empty values", () => {
    const [record] = parse(csvHeader() + csvLine(row), { columns: true }) as Array<Record<string, string>>;
    expect(record).toMatchObject({
      github_com_login: "ada",
      github_com_name: 'Ada "Countess" Lovelace, FRS',
      github_com_user: "true",
      github_com_enterprise_role: "Owner",
      github_com_verified_domain_emails: "ada@acme.com, a@acme.com",
      github_com_two_factor_auth: "",
      enterprise_server_primary_emails: "ada@acme.com",
      enterprise_server_user_ids: "ghes.acme.com:1, ghes2.acme.com:7",
      total_user_accounts: "3",
    });
  });

  it("keeps a spreadsheet from running a name as a formula", () => {
    const [record] = parse(csvHeader() + csvLine({ ...row, github_com_name: "=HYPERLINK(\"http://evil\")" }), { columns: true }) as Array<
      Record<string, string>
    >;
    expect(record!.github_com_name).toBe(`'=HYPERLINK("http://evil")`);
  });
});
