// A synthetic fleet for the benchmark: GHES `all_users.csv` reports written to files, and the
// organization's people as a cloud pull, with overlaps that exercise every matching rule.
import { createWriteStream } from "node:fs";
import { once } from "node:events";
import type { CloudPull } from "../src/cloud/cloud-people.js";

export const CSV_HEADER = "created_at,id,login,email,role,suspended?,last_logged_ip,repos,ssh_keys,org_memberships,dormant?,last_active,raw_login,2fa_enabled?";

/**
 * `users` rows; user i has the email `user{i + emailOffset}@corp.example` (capitalized when
 * `upperCase`), so two servers with offsets 0 and users/2 share half their people. 1 in 50 is suspended.
 */
export async function writeAllUsersCsv(path: string, users: number, emailOffset: number, upperCase: boolean): Promise<void> {
  const out = createWriteStream(path);
  out.write(`${CSV_HEADER}\r\n`);
  const lines: string[] = [];
  for (let i = 1; i <= users; i++) {
    const n = i + emailOffset;
    const email = upperCase ? `User${n}@Corp.Example` : `user${n}@corp.example`;
    lines.push(`2020-01-01 10:00:00 -0800,${i},user${n},${email},user,${i % 50 === 0},10.0.0.${i % 250},${i % 7},1,2,${i % 9 === 0},2026-11-01 09:00:00 -0800,user${n},true`);
    if (lines.length === 5000 || i === users) {
      if (!out.write(`${lines.join("\r\n")}\r\n`)) await once(out, "drain");
      lines.length = 0;
    }
  }
  out.end();
  await once(out, "finish");
}

/**
 * `members` people: member j is `m{j}`; a third have a verified-domain email of a GHES user, a
 * sixth a linked SAML identity, a tenth a public email; the rest are GHEC-only.
 */
export function syntheticCloudPull(members: number, ghesUsers: number): CloudPull {
  const people: CloudPull["people"] = [];
  const identities: CloudPull["identities"] = [];
  for (let j = 1; j <= members; j++) {
    const ghesEmail = `user${(j * 7) % ghesUsers}@corp.example`;
    people.push({
      login: `m${j}`,
      githubId: 10_000 + j,
      name: `Member ${j}`,
      role: j <= 20 ? "owner" : "member",
      publicEmail: j % 10 === 0 ? ghesEmail : null,
      verifiedDomainEmails: j % 3 === 0 ? [ghesEmail] : [],
      invitationEmail: null,
      twoFactor: null,
    });
    if (j % 6 === 1) identities.push({ login: `m${j}`, samlNameId: ghesEmail, samlUsername: null, scimUsername: null, emails: [ghesEmail] });
  }
  return { people, identities, limitations: {} };
}
