// Called by the sync engine before each sync: every person who registered one of the
// organization's GHES servers must still be an active owner. Servers of a former owner pause
// ("registrant is no longer an owner"). When GitHub cannot be asked, nothing is paused, and the
// answer says whose status is unknown so the caller can hold those servers back.
import type { Installation } from "@prisma/client";
import type { Database } from "../db/open-database.js";
import { getOrgMembership } from "../github/get-org-membership.js";
import type { Octokit } from "../github/octokit.js";
import { pauseRegistrantServers, type PausedServer } from "./pause-registrant-servers.js";

export type RegistrantCheck = {
  /** registrants confirmed as active owners */
  owners: string[];
  /** servers paused by this check */
  paused: PausedServer[];
  /** registrants GitHub could not be asked about, with why; their servers are not paused */
  unknown: Array<{ login: string; reason: string; cause: unknown }>;
};

export async function ensureRegistrantsAreOwners(
  octokit: Octokit,
  db: Pick<Database, "prisma">,
  installation: Pick<Installation, "id" | "login">,
  now: Date = new Date(),
): Promise<RegistrantCheck> {
  const servers = await db.prisma.ghesServer.findMany({
    where: { installationId: installation.id, pausedReason: null },
    select: { registeredBy: true },
  });
  const registrants = [...new Map(servers.map((s) => [s.registeredBy.toLowerCase(), s.registeredBy])).values()].sort();
  const result: RegistrantCheck = { owners: [], paused: [], unknown: [] };
  for (const login of registrants) {
    const membership = await getOrgMembership(octokit, installation.login, login);
    if (membership.kind === "owner") result.owners.push(login);
    else if (membership.kind === "unknown") result.unknown.push({ login, reason: membership.reason, cause: membership.cause });
    else {
      const paused = await pauseRegistrantServers(db, installation.id, login, now, { cause: "owner re-check before sync", reason: membership.reason });
      result.paused.push(...paused);
    }
  }
  return result;
}
