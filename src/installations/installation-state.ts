// What an installation's state means for the rest of the app: only a verified, installed and
// unsuspended organization is ever synced.
import type { Installation } from "@prisma/client";

export type Verification = "pending" | "verified" | "unverified" | "deleted";

export function isSyncable(installation: Pick<Installation, "verification" | "suspendedAt" | "deletedAt" | "accountType">): boolean {
  return (
    installation.verification === "verified" &&
    installation.accountType === "Organization" &&
    installation.suspendedAt === null &&
    installation.deletedAt === null
  );
}

/** Why an installation is not synced, for API refusals (409) and the dashboard; null when it is. */
export function whyNotSyncable(
  installation: Pick<Installation, "verification" | "verificationError" | "suspendedAt" | "deletedAt" | "accountType" | "login">,
): string | null {
  if (installation.deletedAt !== null || installation.verification === "deleted") return `the app was uninstalled from ${installation.login}`;
  if (installation.verification === "pending") {
    return `the installer's ownership of ${installation.login} is not confirmed yet${installation.verificationError ? ` (${installation.verificationError})` : ""}`;
  }
  if (installation.verification === "unverified") {
    return `the installation on ${installation.login} is unverified: ${installation.verificationError ?? "its installer is not an owner"}`;
  }
  if (installation.suspendedAt !== null) return `the installation on ${installation.login} is suspended`;
  return null;
}
