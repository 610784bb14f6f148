// installation.created: record the installation, then check that the sender is an active owner.
import type { Context } from "probot";
import type { AppDependencies } from "../app.js";
import { recordInstallation } from "../installations/record-installation.js";
import { verifyInstallationOwner } from "../installations/verify-installation-owner.js";
import { accountLogin } from "./account-login.js";
import { refreshSettings } from "./refresh-settings.js";
import { RetryLaterError } from "./with-delivery.js";

export async function onInstallationCreated(context: Context<"installation.created">, deps: AppDependencies): Promise<string> {
  const { installation, sender } = context.payload;
  const account = installation.account as { id: number; login?: string; slug?: string; type?: string } | null;
  const now = deps.now();
  const recorded = await recordInstallation(
    deps.db,
    {
      githubInstallationId: installation.id,
      accountId: account?.id ?? installation.target_id,
      login: accountLogin(account) ?? String(installation.target_id),
      accountType: account?.type ?? installation.target_type,
      installedBy: sender.login,
    },
    now,
  );
  const { installation: verified } = await verifyInstallationOwner(context.octokit, deps.db, recorded, now);
  if (verified.verification === "pending") {
    // Stored as pending with the reason; reverifyPendingInstallations retries, and the failed
    // delivery (500) can be redelivered from GitHub.
    throw new RetryLaterError(`owner check of ${verified.login} is pending: ${verified.verificationError ?? "no answer"}`);
  }
  if (verified.verification !== "verified") return `unverified: ${verified.verificationError ?? ""}`;
  return `verified; ${await refreshSettings(context, deps, verified)}`;
}
