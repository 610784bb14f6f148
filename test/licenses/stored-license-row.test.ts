import { describe, expect, it } from "vitest";
import { countLicenses } from "../../src/licenses/count-licenses.js";
import { DEFAULT_MATCHING, type CloudPerson, type GhesAccount } from "../../src/licenses/license-types.js";
import { packLicenseRow, readStoredLicenseRow, STORED_SERVER_USER_IDS, unpackLicenseRow } from "../../src/licenses/stored-license-row.js";

const ghes = (hostname: string, ghesId: number, login: string, email: string | null): GhesAccount => ({
  hostname, ghesId, login, email, emailNormalized: email?.trim().toLowerCase() || null, suspended: false, dormant: false,
});
const cloud = (login: string | null, extra: Partial<CloudPerson> = {}): CloudPerson => ({
  login, githubId: null, name: null, role: "member", publicEmail: null, verifiedDomainEmails: [], invitationEmail: null, twoFactor: null, ...extra,
});

/** Every kind of row the count makes: matched on both, GHEC-only owner, unmatched GHES, invitations by login and by email. */
const rows = countLicenses({
  org: "octo-org",
  ghesAccounts: [ghes("ghes-a", 1, "ana", "ana@corp.example"), ghes("ghes-b", 9, "ana2", "ANA@corp.example"), ghes("ghes-a", 2, "bob", "bob@corp.example"), ghes("ghes-a", 3, "nomail", null)],
  cloudPeople: [
    cloud("ana-gh", { name: "Ana López", verifiedDomainEmails: ["ana@corp.example"], twoFactor: true }),
    cloud("owner-gh", { role: "owner", twoFactor: false }),
    cloud("invited-gh", { role: "pending_invitation" }),
    cloud(null, { role: "pending_invitation", invitationEmail: "new@corp.example" }),
    cloud("helper", { role: "outside_collaborator", publicEmail: "helper@else.example" }),
  ],
  identities: [{ login: "owner-gh", samlNameId: "owner@corp.example", samlUsername: null, scimUsername: null, emails: [] }],
  mappings: [],
  matching: DEFAULT_MATCHING,
}).licenses.map((l) => l.row);

describe("stored license rows", () => {
  it("rebuild every kind of row exactly, keys in GitHub's order, through JSON", () => {
    expect(rows.length).toBeGreaterThanOrEqual(7);
    for (const row of rows) {
      const rebuilt = readStoredLicenseRow(JSON.parse(JSON.stringify(packLicenseRow(row))));
      expect(rebuilt).toEqual(row);
      expect(Object.keys(rebuilt)).toEqual(Object.keys(row));
    }
  });

  it("keep the GHES accounts where the dashboard's SQL looks for them", () => {
    for (const row of rows) expect(packLicenseRow(row)[STORED_SERVER_USER_IDS]).toBe(row.enterprise_server_user_ids);
  });

  it("read the text a driver may hand back as well as parsed JSON", () => {
    const row = rows[0]!;
    expect(readStoredLicenseRow(JSON.stringify(packLicenseRow(row)))).toEqual(row);
  });

  it("derive the account flags and the account count from the login and the server ids", () => {
    const ghesOnly = unpackLicenseRow(["", "", ["ghes-a:3", "ghes-b:4"], "", [], [], "", [], null, [], "none", "no match"]);
    expect(ghesOnly).toMatchObject({ github_com_user: false, enterprise_server_user: true, total_user_accounts: 2 });
    const cloudOnly = unpackLicenseRow(["octocat", "", [], "https://github.com/octocat", ["octo-org:Member"], [], "", [], true, [], "none", "no GHES account"]);
    expect(cloudOnly).toMatchObject({ github_com_user: true, enterprise_server_user: false, total_user_accounts: 1, license_type: "enterprise" });
  });

  it("keep far fewer bytes than GitHub's shape", () => {
    const full = rows.reduce((n, row) => n + JSON.stringify(row).length, 0);
    const stored = rows.reduce((n, row) => n + JSON.stringify(packLicenseRow(row)).length, 0);
    expect(stored).toBeLessThan(full / 2);
  });
});
