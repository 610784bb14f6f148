-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateTable
CREATE TABLE "installations" (
    "id" SERIAL NOT NULL,
    "github_installation_id" BIGINT NOT NULL,
    "account_id" BIGINT NOT NULL,
    "login" TEXT NOT NULL,
    "account_type" TEXT NOT NULL,
    "verification" TEXT NOT NULL DEFAULT 'pending',
    "verification_error" TEXT,
    "verified_at" TIMESTAMPTZ(3),
    "installed_by" TEXT,
    "suspended_at" TIMESTAMPTZ(3),
    "deleted_at" TIMESTAMPTZ(3),
    "purge_after" TIMESTAMPTZ(3),
    "current_cloud_snapshot_id" TEXT,
    "current_recount_id" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "installations_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "settings" (
    "installation_id" INTEGER NOT NULL,
    "config" JSONB NOT NULL,
    "source_sha" TEXT,
    "accepted_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "rejected_sha" TEXT,
    "rejected_errors" JSONB,
    "rejected_at" TIMESTAMPTZ(3),

    CONSTRAINT "settings_pkey" PRIMARY KEY ("installation_id")
);

-- CreateTable
CREATE TABLE "ghes_servers" (
    "id" TEXT NOT NULL,
    "installation_id" INTEGER NOT NULL,
    "hostname" TEXT NOT NULL,
    "api_url" TEXT NOT NULL,
    "version" TEXT,
    "license_sync" TEXT NOT NULL DEFAULT 'disabled',
    "token_sealed" TEXT,
    "token_login" TEXT,
    "registered_by" TEXT NOT NULL,
    "paused_reason" TEXT,
    "license" JSONB,
    "current_snapshot_id" TEXT,
    "last_sync_at" TIMESTAMPTZ(3),
    "last_sync_status" TEXT,
    "last_sync_error" TEXT,
    "last_sync_source" TEXT,
    "consecutive_failures" INTEGER NOT NULL DEFAULT 0,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "ghes_servers_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "sync_runs" (
    "id" TEXT NOT NULL,
    "installation_id" INTEGER NOT NULL,
    "server_id" TEXT,
    "kind" TEXT NOT NULL,
    "target" TEXT NOT NULL DEFAULT 'server',
    "status" TEXT NOT NULL DEFAULT 'queued',
    "attempt" INTEGER NOT NULL DEFAULT 0,
    "job_id" TEXT,
    "triggered_by" TEXT,
    "queued_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "started_at" TIMESTAMPTZ(3),
    "finished_at" TIMESTAMPTZ(3),
    "users_seen" INTEGER,
    "error" TEXT,
    "next_retry_at" TIMESTAMPTZ(3),

    CONSTRAINT "sync_runs_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "user_snapshots" (
    "id" TEXT NOT NULL,
    "server_id" TEXT NOT NULL,
    "run_id" TEXT,
    "source" TEXT NOT NULL,
    "user_count" INTEGER NOT NULL DEFAULT 0,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "user_snapshots_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ghes_users" (
    "snapshot_id" TEXT NOT NULL,
    "ghes_id" INTEGER NOT NULL,
    "login" TEXT NOT NULL,
    "email" TEXT,
    "email_normalized" TEXT,
    "role" TEXT,
    "suspended" BOOLEAN NOT NULL DEFAULT false,
    "dormant" BOOLEAN NOT NULL DEFAULT false,
    "created_on_ghes" TIMESTAMPTZ(3),
    "last_active" TIMESTAMPTZ(3),
    "raw_login" TEXT,
    "two_factor" BOOLEAN,

    CONSTRAINT "ghes_users_pkey" PRIMARY KEY ("snapshot_id","ghes_id")
);

-- CreateTable
CREATE TABLE "cloud_snapshots" (
    "id" TEXT NOT NULL,
    "installation_id" INTEGER NOT NULL,
    "run_id" TEXT,
    "limitations" JSONB,
    "member_count" INTEGER NOT NULL DEFAULT 0,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "cloud_snapshots_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "cloud_members" (
    "id" SERIAL NOT NULL,
    "snapshot_id" TEXT NOT NULL,
    "login" TEXT,
    "github_id" BIGINT,
    "name" TEXT,
    "role" TEXT NOT NULL,
    "public_email" TEXT,
    "verified_domain_emails" TEXT[],
    "invitation_email" TEXT,
    "two_factor" BOOLEAN,

    CONSTRAINT "cloud_members_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "cloud_identities" (
    "id" SERIAL NOT NULL,
    "snapshot_id" TEXT NOT NULL,
    "login" TEXT,
    "saml_name_id" TEXT,
    "saml_username" TEXT,
    "scim_username" TEXT,
    "emails" TEXT[],

    CONSTRAINT "cloud_identities_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "recounts" (
    "id" TEXT NOT NULL,
    "installation_id" INTEGER NOT NULL,
    "computed_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "total_consumed" INTEGER NOT NULL,
    "total_purchased" TEXT,
    "ghec_only" INTEGER NOT NULL DEFAULT 0,
    "ghes_only" INTEGER NOT NULL DEFAULT 0,
    "both" INTEGER NOT NULL DEFAULT 0,
    "unmatched" INTEGER NOT NULL DEFAULT 0,
    "per_deployment" JSONB NOT NULL,

    CONSTRAINT "recounts_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "consumed_licenses" (
    "recount_id" TEXT NOT NULL,
    "ord" INTEGER NOT NULL,
    "github_com_login" TEXT NOT NULL,
    "match_rule" TEXT NOT NULL,
    "search_text" TEXT NOT NULL,
    "row" JSONB NOT NULL,

    CONSTRAINT "consumed_licenses_pkey" PRIMARY KEY ("recount_id","ord")
);

-- CreateTable
CREATE TABLE "usage_points" (
    "installation_id" INTEGER NOT NULL,
    "week_start" DATE NOT NULL,
    "consumed" INTEGER NOT NULL,
    "purchased" TEXT,
    "per_deployment" JSONB NOT NULL,
    "recorded_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "usage_points_pkey" PRIMARY KEY ("installation_id","week_start")
);

-- CreateTable
CREATE TABLE "uploads" (
    "id" TEXT NOT NULL,
    "installation_id" INTEGER NOT NULL,
    "server_id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "state" TEXT NOT NULL DEFAULT 'PENDING',
    "error" TEXT,
    "rows" INTEGER,
    "bytes" INTEGER NOT NULL,
    "content" BYTEA,
    "uploaded_by" TEXT NOT NULL,
    "run_id" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finished_at" TIMESTAMPTZ(3),

    CONSTRAINT "uploads_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "identity_mappings" (
    "installation_id" INTEGER NOT NULL,
    "server_key" TEXT NOT NULL,
    "github_login" TEXT NOT NULL,
    "uploaded_by" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "identity_mappings_pkey" PRIMARY KEY ("installation_id","server_key")
);

-- CreateTable
CREATE TABLE "webhook_deliveries" (
    "id" TEXT NOT NULL,
    "event" TEXT NOT NULL,
    "action" TEXT,
    "received_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finished_at" TIMESTAMPTZ(3),
    "outcome" TEXT,

    CONSTRAINT "webhook_deliveries_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "alerts" (
    "installation_id" INTEGER NOT NULL,
    "key" TEXT NOT NULL,
    "issue_number" INTEGER,
    "state" TEXT NOT NULL,
    "detail" TEXT,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "alerts_pkey" PRIMARY KEY ("installation_id","key")
);

-- CreateTable
CREATE TABLE "audit_entries" (
    "id" BIGSERIAL NOT NULL,
    "installation_id" INTEGER,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "actor" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "target" TEXT,
    "request_id" TEXT,
    "client_ip" TEXT,
    "details" JSONB,

    CONSTRAINT "audit_entries_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "sessions" (
    "id_hash" TEXT NOT NULL,
    "github_id" BIGINT NOT NULL,
    "login" TEXT NOT NULL,
    "token_sealed" TEXT NOT NULL,
    "csrf_secret" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "sessions_pkey" PRIMARY KEY ("id_hash")
);

-- CreateTable
CREATE TABLE "app_meta" (
    "key" TEXT NOT NULL,
    "value" TEXT NOT NULL,

    CONSTRAINT "app_meta_pkey" PRIMARY KEY ("key")
);

-- CreateIndex
CREATE UNIQUE INDEX "installations_github_installation_id_key" ON "installations"("github_installation_id");

-- CreateIndex
CREATE INDEX "installations_login_idx" ON "installations"("login");

-- CreateIndex
CREATE UNIQUE INDEX "ghes_servers_installation_id_hostname_key" ON "ghes_servers"("installation_id", "hostname");

-- CreateIndex
CREATE INDEX "sync_runs_installation_id_queued_at_idx" ON "sync_runs"("installation_id", "queued_at" DESC);

-- CreateIndex
CREATE INDEX "sync_runs_server_id_queued_at_idx" ON "sync_runs"("server_id", "queued_at" DESC);

-- CreateIndex
CREATE INDEX "user_snapshots_server_id_idx" ON "user_snapshots"("server_id");

-- CreateIndex
CREATE INDEX "cloud_snapshots_installation_id_idx" ON "cloud_snapshots"("installation_id");

-- CreateIndex
CREATE INDEX "cloud_members_snapshot_id_login_idx" ON "cloud_members"("snapshot_id", "login");

-- CreateIndex
CREATE INDEX "cloud_identities_snapshot_id_idx" ON "cloud_identities"("snapshot_id");

-- CreateIndex
CREATE INDEX "recounts_installation_id_idx" ON "recounts"("installation_id");

-- CreateIndex
CREATE INDEX "consumed_licenses_recount_id_match_rule_idx" ON "consumed_licenses"("recount_id", "match_rule");

-- CreateIndex
CREATE INDEX "uploads_installation_id_created_at_idx" ON "uploads"("installation_id", "created_at" DESC);

-- CreateIndex
CREATE INDEX "webhook_deliveries_received_at_idx" ON "webhook_deliveries"("received_at");

-- CreateIndex
CREATE INDEX "audit_entries_installation_id_at_idx" ON "audit_entries"("installation_id", "at" DESC);

-- CreateIndex
CREATE INDEX "sessions_github_id_idx" ON "sessions"("github_id");

-- AddForeignKey
ALTER TABLE "settings" ADD CONSTRAINT "settings_installation_id_fkey" FOREIGN KEY ("installation_id") REFERENCES "installations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ghes_servers" ADD CONSTRAINT "ghes_servers_installation_id_fkey" FOREIGN KEY ("installation_id") REFERENCES "installations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "sync_runs" ADD CONSTRAINT "sync_runs_installation_id_fkey" FOREIGN KEY ("installation_id") REFERENCES "installations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "sync_runs" ADD CONSTRAINT "sync_runs_server_id_fkey" FOREIGN KEY ("server_id") REFERENCES "ghes_servers"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "user_snapshots" ADD CONSTRAINT "user_snapshots_server_id_fkey" FOREIGN KEY ("server_id") REFERENCES "ghes_servers"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ghes_users" ADD CONSTRAINT "ghes_users_snapshot_id_fkey" FOREIGN KEY ("snapshot_id") REFERENCES "user_snapshots"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "cloud_snapshots" ADD CONSTRAINT "cloud_snapshots_installation_id_fkey" FOREIGN KEY ("installation_id") REFERENCES "installations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "cloud_members" ADD CONSTRAINT "cloud_members_snapshot_id_fkey" FOREIGN KEY ("snapshot_id") REFERENCES "cloud_snapshots"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "cloud_identities" ADD CONSTRAINT "cloud_identities_snapshot_id_fkey" FOREIGN KEY ("snapshot_id") REFERENCES "cloud_snapshots"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "recounts" ADD CONSTRAINT "recounts_installation_id_fkey" FOREIGN KEY ("installation_id") REFERENCES "installations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "consumed_licenses" ADD CONSTRAINT "consumed_licenses_recount_id_fkey" FOREIGN KEY ("recount_id") REFERENCES "recounts"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "usage_points" ADD CONSTRAINT "usage_points_installation_id_fkey" FOREIGN KEY ("installation_id") REFERENCES "installations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "uploads" ADD CONSTRAINT "uploads_installation_id_fkey" FOREIGN KEY ("installation_id") REFERENCES "installations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "uploads" ADD CONSTRAINT "uploads_server_id_fkey" FOREIGN KEY ("server_id") REFERENCES "ghes_servers"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "identity_mappings" ADD CONSTRAINT "identity_mappings_installation_id_fkey" FOREIGN KEY ("installation_id") REFERENCES "installations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "alerts" ADD CONSTRAINT "alerts_installation_id_fkey" FOREIGN KEY ("installation_id") REFERENCES "installations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "audit_entries" ADD CONSTRAINT "audit_entries_installation_id_fkey" FOREIGN KEY ("installation_id") REFERENCES "installations"("id") ON DELETE SET NULL ON UPDATE CASCADE;

