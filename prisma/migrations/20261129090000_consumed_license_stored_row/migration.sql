-- A consumed-license row keeps only what differs from person to person, as a JSON array in the
-- order of src/licenses/stored-license-row.ts; GitHub's shape is rebuilt when a row is read. The
-- rows of the counts already stored are converted in place, so the count in force stays in force.
ALTER TABLE "consumed_licenses" ALTER COLUMN "row" SET DATA TYPE JSON USING json_build_array(
  "row"->'github_com_login',
  "row"->'github_com_name',
  "row"->'enterprise_server_user_ids',
  "row"->'github_com_profile',
  "row"->'github_com_member_roles',
  "row"->'github_com_verified_domain_emails',
  "row"->'github_com_saml_name_id',
  "row"->'github_com_orgs_with_pending_invites',
  "row"->'github_com_two_factor_auth',
  "row"->'enterprise_server_emails',
  "row"->'match'->'rule',
  "row"->'match'->'detail'
);

-- Rows are no longer copied from one count to the next by their hash: stored this way, sending a
-- row costs less than finding and copying it did.
ALTER TABLE "consumed_licenses" DROP COLUMN "row_hash";
