import { readFileSync } from "node:fs";
import { Ajv } from "ajv";
import { describe, expect, it } from "vitest";
import { countLicenses, planLicenses } from "../../src/licenses/count-licenses.js";
import { DEFAULT_MATCHING, type CloudIdentity, type CloudPerson, type CountInput, type GhesAccount } from "../../src/licenses/license-types.js";

const ORG = "octo-org";

function ghes(hostname: string, ghesId: number, login: string, email: string | null, extra: Partial<GhesAccount> = {}): GhesAccount {
  return { hostname, ghesId, login, email, emailNormalized: email?.trim().toLowerCase() || null, suspended: false, dormant: false, ...extra };
}

function cloud(login: string | null, extra: Partial<CloudPerson> = {}): CloudPerson {
  return { login, githubId: null, name: null, role: "member", publicEmail: null, verifiedDomainEmails: [], invitationEmail: null, twoFactor: null, ...extra };
}

function identity(login: string | null, extra: Partial<CloudIdentity> = {}): CloudIdentity {
  return { login, samlNameId: null, samlUsername: null, scimUsername: null, emails: [], ...extra };
}

function count(input: Partial<CountInput>) {
  return countLicenses({ org: ORG, ghesAccounts: [], cloudPeople: [], identities: [], mappings: [], matching: DEFAULT_MATCHING, ...input });
}

/** login (or first email) → [GHES ids, rule] for each row, to compare whole results at a glance. */
function summary(input: Partial<CountInput>) {
  return count(input).licenses.map(({ row }) => [row.github_com_login || row.enterprise_server_emails[0] || "(none)", row.enterprise_server_user_ids, row.match.rule]);
}

describe("countLicenses: who is one person", () => {
  const ana1 = ghes("ghes-a", 2, "ana", "Ana.Lopez@Corp.Example");
  const ana2 = ghes("ghes-b", 77, "alopez", " ana.lopez@corp.example ");

  it.each([
    {
      name: "GHES users of two instances with differently-cased emails are one person",
      input: { ghesAccounts: [ana1, ana2] },
      expected: [["Ana.Lopez@Corp.Example", ["ghes-a:2", "ghes-b:77"], "none"]],
    },
    {
      name: "a SAML NameID joins a GHES user to the linked account",
      input: { ghesAccounts: [ana1], cloudPeople: [cloud("ana-gh")], identities: [identity("ana-gh", { samlNameId: "ANA.LOPEZ@corp.example" })] },
      expected: [["ana-gh", ["ghes-a:2"], "saml"]],
    },
    {
      name: "a SCIM username or identity email joins too",
      input: {
        ghesAccounts: [ana1, ghes("ghes-a", 3, "ed", "ed@corp.example")],
        cloudPeople: [cloud("ana-gh"), cloud("ed-gh")],
        identities: [identity("ana-gh", { scimUsername: "ana.lopez@corp.example" }), identity("ed-gh", { emails: ["Ed@corp.example"] })],
      },
      expected: [["ana-gh", ["ghes-a:2"], "saml"], ["ed-gh", ["ghes-a:3"], "saml"]],
    },
    {
      name: "an identity not linked to an account joins nobody",
      input: { ghesAccounts: [ana1], cloudPeople: [cloud("ana-gh")], identities: [identity(null, { samlNameId: "ana.lopez@corp.example" })] },
      expected: [["ana-gh", [], "none"], ["Ana.Lopez@Corp.Example", ["ghes-a:2"], "none"]],
    },
    {
      name: "a verified-domain email joins",
      input: { ghesAccounts: [ana1, ana2], cloudPeople: [cloud("ana-gh", { verifiedDomainEmails: ["ana.lopez@CORP.example"] })] },
      expected: [["ana-gh", ["ghes-a:2", "ghes-b:77"], "verified_domain_email"]],
    },
    {
      name: "a public profile email joins",
      input: { ghesAccounts: [ana1], cloudPeople: [cloud("ana-gh", { publicEmail: "ana.lopez@corp.example" })] },
      expected: [["ana-gh", ["ghes-a:2"], "public_email"]],
    },
    {
      name: "an unmatched person stays apart and counts twice",
      input: { ghesAccounts: [ana1], cloudPeople: [cloud("ana-gh", { publicEmail: "ana@home.example" })] },
      expected: [["ana-gh", [], "none"], ["Ana.Lopez@Corp.Example", ["ghes-a:2"], "none"]],
    },
    {
      name: "an owner's mapping by email overrides a SAML identity that says otherwise",
      input: {
        ghesAccounts: [ana1],
        cloudPeople: [cloud("ana-gh"), cloud("other")],
        identities: [identity("other", { samlNameId: "ana.lopez@corp.example" })],
        mappings: [{ serverKey: "ANA.LOPEZ@corp.example", githubLogin: "Ana-GH" }],
      },
      expected: [["ana-gh", ["ghes-a:2"], "mapping"], ["other", [], "none"]],
    },
    {
      name: "a mapping by GHES login joins",
      input: { ghesAccounts: [ghes("ghes-a", 9, "Builder", null)], cloudPeople: [cloud("build-bot")], mappings: [{ serverKey: "builder", githubLogin: "build-bot" }] },
      expected: [["build-bot", ["ghes-a:9"], "mapping"]],
    },
    {
      name: "a mapping to an account outside the organization falls through to the next rules",
      input: { ghesAccounts: [ana1], cloudPeople: [cloud("ana-gh", { publicEmail: "ana.lopez@corp.example" })], mappings: [{ serverKey: "ana", githubLogin: "stranger" }] },
      expected: [["ana-gh", ["ghes-a:2"], "public_email"]],
    },
    {
      name: "logins match only when switched on",
      input: { ghesAccounts: [ghes("ghes-a", 5, "Octocat", "cat@corp.example")], cloudPeople: [cloud("octocat")] },
      expected: [["octocat", [], "none"], ["cat@corp.example", ["ghes-a:5"], "none"]],
    },
    {
      name: "logins match when switched on",
      input: { ghesAccounts: [ghes("ghes-a", 5, "Octocat", "cat@corp.example")], cloudPeople: [cloud("octocat")], matching: { ...DEFAULT_MATCHING, login: true } },
      expected: [["octocat", ["ghes-a:5"], "login"]],
    },
    {
      name: "a rule switched off is skipped and the next one tried",
      input: {
        ghesAccounts: [ana1],
        cloudPeople: [cloud("saml-one"), cloud("domain-one", { verifiedDomainEmails: ["ana.lopez@corp.example"] })],
        identities: [identity("saml-one", { samlNameId: "ana.lopez@corp.example" })],
        matching: { ...DEFAULT_MATCHING, saml: false },
      },
      expected: [["domain-one", ["ghes-a:2"], "verified_domain_email"], ["saml-one", [], "none"]],
    },
    {
      name: "a SAML identity linked to an account that consumes no license joins nobody",
      input: { ghesAccounts: [ana1], cloudPeople: [cloud("ana-gh")], identities: [identity("left-the-org", { samlNameId: "ana.lopez@corp.example" })] },
      expected: [["ana-gh", [], "none"], ["Ana.Lopez@Corp.Example", ["ghes-a:2"], "none"]],
    },
    {
      name: "past such an identity, a weaker rule still joins the account that consumes a license",
      input: {
        ghesAccounts: [ana1],
        cloudPeople: [cloud("ana-gh", { verifiedDomainEmails: ["ana.lopez@corp.example"] })],
        identities: [identity("left-the-org", { samlNameId: "ana.lopez@corp.example" })],
      },
      expected: [["ana-gh", ["ghes-a:2"], "verified_domain_email"]],
    },
    {
      name: "the email rules are tried strongest first: a SAML identity, then a verified-domain email, then a public email",
      input: {
        ghesAccounts: [ana1],
        cloudPeople: [cloud("public-one", { publicEmail: "ana.lopez@corp.example" }), cloud("domain-one", { verifiedDomainEmails: ["ana.lopez@corp.example"] }), cloud("saml-one")],
        identities: [identity("saml-one", { samlNameId: "ana.lopez@corp.example" })],
      },
      expected: [["domain-one", [], "none"], ["public-one", [], "none"], ["saml-one", ["ghes-a:2"], "saml"]],
    },
    {
      name: "without SAML, a verified-domain email comes before a public email",
      input: {
        ghesAccounts: [ana1],
        cloudPeople: [cloud("public-one", { publicEmail: "ana.lopez@corp.example" }), cloud("domain-one", { verifiedDomainEmails: ["ana.lopez@corp.example"] })],
        matching: { ...DEFAULT_MATCHING, saml: false },
      },
      expected: [["domain-one", ["ghes-a:2"], "verified_domain_email"], ["public-one", [], "none"]],
    },
    {
      name: "every rule off leaves everyone apart",
      input: {
        ghesAccounts: [ana1],
        cloudPeople: [cloud("ana-gh", { publicEmail: "ana.lopez@corp.example", verifiedDomainEmails: ["ana.lopez@corp.example"] })],
        matching: { saml: false, verifiedDomainEmails: false, publicEmail: false, login: false },
      },
      expected: [["ana-gh", [], "none"], ["Ana.Lopez@Corp.Example", ["ghes-a:2"], "none"]],
    },
    {
      name: "suspended users and scim-admin consume nothing; dormant users do",
      input: {
        ghesAccounts: [
          ghes("ghes-a", 1, "gone", "gone@corp.example", { suspended: true }),
          ghes("ghes-a", 2, "SCIM-admin", "scim@corp.example"),
          ghes("ghes-a", 3, "sleepy", "sleepy@corp.example", { dormant: true }),
        ],
      },
      expected: [["sleepy@corp.example", ["ghes-a:3"], "none"]],
    },
    {
      name: "two GHES people matched to one account are one license",
      input: {
        ghesAccounts: [ana1, ghes("ghes-b", 4, "ana2", "ana@other.example")],
        cloudPeople: [cloud("ana-gh", { verifiedDomainEmails: ["ana.lopez@corp.example"] })],
        mappings: [{ serverKey: "ana@other.example", githubLogin: "ana-gh" }],
      },
      expected: [["ana-gh", ["ghes-a:2", "ghes-b:4"], "mapping"]],
    },
    {
      name: "accounts without a primary email are people of their own",
      input: { ghesAccounts: [ghes("ghes-a", 1, "x", null), ghes("ghes-b", 1, "x", "")] },
      expected: [["(none)", ["ghes-a:1"], "none"], ["(none)", ["ghes-b:1"], "none"]],
    },
  ])("$name", ({ input, expected }) => {
    expect(summary(input as Partial<CountInput>)).toEqual(expected);
  });
});

describe("countLicenses: rows in GitHub's shape", () => {
  const schema = JSON.parse(readFileSync(new URL("../fixtures/ghec/consumed-licenses.schema.json", import.meta.url), "utf8"));
  const userProperties = Object.keys(schema.properties.users.items.properties).sort();
  const validate = new Ajv({ strict: false }).compile(schema);

  const result = count({
    ghesAccounts: [
      ghes("ghes.corp.example", 2, "ana", "Ana.Lopez@corp.example"),
      ghes("ghes2.corp.example", 7, "ana", "ana.lopez@corp.example"),
      ghes("ghes.corp.example", 3, "bob", "bob@corp.example"),
    ],
    cloudPeople: [
      cloud("Boss", { role: "owner", name: "The Boss", twoFactor: true }),
      cloud("ana-gh", { name: "Ana", verifiedDomainEmails: ["ana.lopez@corp.example"] }),
      cloud("helper", { role: "outside_collaborator" }),
      cloud("newbie", { role: "pending_invitation" }),
      cloud(null, { role: "pending_invitation", invitationEmail: "hire@corp.example" }),
    ],
    identities: [identity("ana-gh", { samlNameId: "ana.lopez" })],
  });
  const rows = result.licenses.map((l) => l.row);

  it("validates against GHEC's schema, with every property GitHub lists and no nulls in text fields", () => {
    const body = { total_seats_consumed: result.totals.consumed, total_seats_purchased: 10, users: rows.map(({ match: _match, ...row }) => row) };
    expect(validate(body), JSON.stringify(validate.errors)).toBe(true);
    for (const row of body.users) {
      expect(Object.keys(row).sort()).toEqual(userProperties);
      for (const [key, value] of Object.entries(row)) if (key !== "github_com_two_factor_auth") expect(value, key).not.toBeNull();
    }
  });

  it("writes people with and without a GitHub account as GitHub does", () => {
    expect(rows.find((r) => r.github_com_login === "ana-gh")).toEqual({
      github_com_login: "ana-gh",
      github_com_name: "Ana",
      enterprise_server_user_ids: ["ghes.corp.example:2", "ghes2.corp.example:7"],
      github_com_user: true,
      enterprise_server_user: true,
      visual_studio_subscription_user: false,
      license_type: "enterprise",
      github_com_profile: "https://github.com/ana-gh",
      github_com_member_roles: ["octo-org:Member"],
      github_com_enterprise_roles: [],
      github_com_verified_domain_emails: ["ana.lopez@corp.example"],
      github_com_saml_name_id: "ana.lopez",
      github_com_orgs_with_pending_invites: [],
      github_com_two_factor_auth: null,
      enterprise_server_emails: ["Ana.Lopez@corp.example"],
      visual_studio_license_status: "",
      visual_studio_subscription_email: "",
      total_user_accounts: 3,
      match: { rule: "verified_domain_email", detail: "Ana.Lopez@corp.example is a verified-domain email of ana-gh" },
    });
    expect(rows.find((r) => r.enterprise_server_emails[0] === "bob@corp.example")).toMatchObject({
      github_com_login: "",
      github_com_name: "",
      github_com_user: false,
      enterprise_server_user: true,
      github_com_profile: "",
      github_com_member_roles: [],
      github_com_saml_name_id: "",
      total_user_accounts: 1,
      match: { rule: "none", detail: "no GitHub account matches bob@corp.example (tried identity mappings, SAML/SCIM identities, verified-domain emails, public profile emails)" },
    });
    expect(rows.find((r) => r.github_com_login === "Boss")).toMatchObject({ github_com_member_roles: ["octo-org:Owner"], github_com_two_factor_auth: true, enterprise_server_user: false, total_user_accounts: 1 });
    expect(rows.find((r) => r.github_com_login === "helper")!.github_com_member_roles).toEqual(["octo-org:Outside collaborator"]);
    expect(rows.find((r) => r.github_com_login === "newbie")).toMatchObject({ github_com_member_roles: [], github_com_orgs_with_pending_invites: ["octo-org"] });
  });

  it("counts an email-only invitation as its own person", () => {
    const invite = result.licenses.find((l) => l.searchText.includes("hire@corp.example"))!;
    expect(invite.row).toMatchObject({ github_com_login: "", github_com_user: false, github_com_orgs_with_pending_invites: ["octo-org"], total_user_accounts: 0 });
  });

  it("puts the people without a login in a stable order: invitations, then GHES people without an email by account, then by email", () => {
    const { licenses } = count({
      ghesAccounts: [ghes("h2", 5, "zed", "zed@corp.example"), ghes("h1", 9, "nomail", null), ghes("h1", 10, "nomail2", null), ghes("h1", 1, "amy", "AMY@corp.example"), ghes("h2", 4, "amy2", "amy@corp.example")],
      cloudPeople: [cloud(null, { role: "pending_invitation", invitationEmail: "hire@corp.example" }), cloud("zz")],
    });
    expect(licenses.map(({ row }) => [row.github_com_login, row.enterprise_server_user_ids, row.match.rule])).toEqual([
      ["zz", [], "none"],
      ["", [], "none"],
      ["", ["h1:10"], "none"],
      ["", ["h1:9"], "none"],
      ["", ["h1:1", "h2:4"], "none"],
      ["", ["h2:5"], "none"],
    ]);
    expect(licenses.map(({ row }) => row.match.detail)).toEqual([
      "only on GitHub Enterprise Cloud: no GHES account was matched to this account",
      "invitation sent to hire@corp.example, not yet accepted",
      "h1:nomail2 has no primary email (tried identity mappings, SAML/SCIM identities, verified-domain emails, public profile emails)",
      "h1:nomail has no primary email (tried identity mappings, SAML/SCIM identities, verified-domain emails, public profile emails)",
      "no GitHub account matches AMY@corp.example (tried identity mappings, SAML/SCIM identities, verified-domain emails, public profile emails)",
      "no GitHub account matches zed@corp.example (tried identity mappings, SAML/SCIM identities, verified-domain emails, public profile emails)",
    ]);
  });

  it("orders rows by login, then the people without one by email", () => {
    expect(rows.map((r) => r.github_com_login || r.enterprise_server_emails[0] || "(invitation)")).toEqual(["ana-gh", "Boss", "helper", "newbie", "(invitation)", "bob@corp.example"]);
  });

  it("adds the totals up", () => {
    expect(result.totals).toEqual({
      consumed: 6,
      ghecOnly: 4,
      ghesOnly: 1,
      both: 1,
      unmatched: 1,
      perDeployment: { cloud: 5, servers: { "ghes.corp.example": 2, "ghes2.corp.example": 1 } },
    });
  });

  it("lists servers without users at zero and uses the configured web URL for profiles", () => {
    const other = countLicenses({ org: ORG, ghesAccounts: [], cloudPeople: [cloud("a")], identities: [], mappings: [], matching: DEFAULT_MATCHING, githubWebUrl: "https://ghe.example", serverHostnames: ["empty.example"] });
    expect(other.totals.perDeployment.servers).toEqual({ "empty.example": 0 });
    expect(other.licenses[0]!.row.github_com_profile).toBe("https://ghe.example/a");
  });

  it("gives a search text of lower-cased logins, names and emails", () => {
    expect(result.licenses.find((l) => l.row.github_com_login === "ana-gh")!.searchText).toBe("ana-gh ana ana.lopez@corp.example");
  });
});

describe("planLicenses at scale", () => {
  it("plans an organization of 300,000 people (too many to spread into one call's arguments)", () => {
    const cloudPeople = Array.from({ length: 300_000 }, (_, i) => cloud(`member-${i}`));
    const plan = planLicenses({ org: ORG, ghesAccounts: [], cloudPeople, identities: [], mappings: [], matching: DEFAULT_MATCHING });
    expect(plan.size).toBe(300_000);
    expect(plan.build(0).row.github_com_login).toBe("member-0");
  });
});
