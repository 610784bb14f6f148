// The sync engine: the job layer wired to the real work. A server job pulls one GHES instance
// (after re-checking that its registrant still owns the organization), a cloud job pulls the
// organization's people, and a recount counts everyone once, then brings the alert issues up to date.
import type { Logger } from "pino";
import type { AppDependencies } from "../app.js";
import { syncAlerts } from "../alerts/sync-alerts.js";
import { asGithubRetryError } from "../cloud/github-rate-limit.js";
import { syncCloudPeople } from "../cloud/sync-cloud-people.js";
import type { GhesTransport } from "../ghes/ghes-transport.js";
import type { Octokit } from "../github/octokit.js";
import { ensureRegistrantsAreOwners } from "../installations/ensure-registrants-are-owners.js";
import { REGISTRANT_NOT_OWNER } from "../installations/pause-registrant-servers.js";
import { createJobSystem, type JobSettings, type JobSystem } from "../jobs/index.js";
import { RetryAfterError } from "../jobs/retry-hint.js";
import { loadSettings } from "../settings/load-settings.js";
import { recount } from "../sync/recount.js";
import { syncGhesServer } from "../sync/sync-ghes-server.js";

export type SyncEngineOptions = {
  deps: AppDependencies;
  log: Logger;
  transport: GhesTransport;
  /** an Octokit authenticated as the installation (Probot's `app.auth(id)`) */
  installationOctokit: (githubInstallationId: number) => Promise<Octokit>;
  /** run jobs here (the "worker" role) and evaluate the schedule; default true */
  work?: boolean;
  jobSettings?: Partial<JobSettings>;
};

export function createSyncEngine(options: SyncEngineOptions): JobSystem {
  const { deps, log, transport, installationOctokit } = options;
  const { db } = deps;

  const octokitFor = async (installationId: number) => {
    const installation = await db.prisma.installation.findUniqueOrThrow({ where: { id: installationId } });
    return { installation, octokit: await installationOctokit(Number(installation.githubInstallationId)) };
  };

  const checkRegistrant = async (server: { id: string; installationId: number; registeredBy: string }) => {
    const { installation, octokit } = await octokitFor(server.installationId);
    const check = await ensureRegistrantsAreOwners(octokit, db, installation, deps.now());
    if (check.paused.some((p) => p.id === server.id)) return REGISTRANT_NOT_OWNER;
    const unknown = check.unknown.find((u) => u.login.toLowerCase() === server.registeredBy.toLowerCase());
    // Unknown is not "no": the job fails and is retried, the server is not paused.
    if (unknown) {
      const message = `could not confirm that ${unknown.login} still owns ${installation.login}: ${unknown.reason}`;
      // A rate limit keeps its header's retry time, as it would on the cloud job.
      const retry = asGithubRetryError(unknown.cause, deps.now());
      throw retry instanceof RetryAfterError ? new RetryAfterError(message, retry.retryHint, { cause: retry }) : new Error(message, { cause: unknown.cause });
    }
    return null;
  };

  return createJobSystem({
    db,
    config: deps.config,
    log,
    now: deps.now,
    scrub: (text) => deps.secrets.scrub(text),
    work: options.work ?? true,
    settings: options.jobSettings,
    syncServer: (serverId, run) => syncGhesServer({ db, box: deps.box, secrets: deps.secrets, transport, checkRegistrant }, serverId, run),
    syncCloud: async (installationId, run) => {
      const { installation, octokit } = await octokitFor(installationId);
      const result = await syncCloudPeople(db, octokit, installationId, installation.login, { runId: run.id });
      return { usersSeen: result.people };
    },
    recount: async (installationId) => {
      const settings = await loadSettings(db, installationId);
      const result = await recount(db, installationId, deps.now(), {
        matching: {
          saml: settings.matching.saml,
          verifiedDomainEmails: settings.matching.verified_domain_emails,
          publicEmail: settings.matching.public_email,
          login: settings.matching.login,
        },
        seats: settings.seats ?? null,
        githubWebUrl: deps.config.githubWebUrl,
      });
      try {
        const { installation, octokit } = await octokitFor(installationId);
        const servers = await db.prisma.ghesServer.findMany({
          where: { installationId },
          select: { id: true, hostname: true, consecutiveFailures: true, lastSyncError: true },
        });
        const purchased = typeof result.purchased === "number" ? result.purchased : null;
        await syncAlerts(
          octokit,
          db,
          installationId,
          { org: installation.login, consumed: result.totals.consumed, purchased, servers },
          { seatThreshold: settings.alerts.seat_threshold, failedSyncs: settings.alerts.failed_syncs },
        );
      } catch (error) {
        // The count is stored; an alert that cannot be written (no .github repository, no
        // permission) must not fail it.
        log.warn({ err: error, installationId }, "could not bring the alert issues up to date");
      }
    },
  });
}
