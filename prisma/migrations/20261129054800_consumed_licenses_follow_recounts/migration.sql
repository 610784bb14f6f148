-- DropForeignKey
ALTER TABLE "consumed_licenses" DROP CONSTRAINT "consumed_licenses_recount_id_fkey";


-- The rows of a recount are deleted with it by this statement-level trigger instead of the foreign
-- key's cascade: the key checked every inserted row on its own, which on PGlite cost more than the
-- rest of writing the row. Deletes of recounts cascaded from installations fire it too.
CREATE FUNCTION "consumed_licenses_follow_recounts"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM "consumed_licenses" AS c USING "gone_recounts" AS g WHERE c."recount_id" = g."id";
  RETURN NULL;
END
$$;

CREATE TRIGGER "recounts_delete_consumed_licenses" AFTER DELETE ON "recounts"
  REFERENCING OLD TABLE AS "gone_recounts"
  FOR EACH STATEMENT EXECUTE FUNCTION "consumed_licenses_follow_recounts"();
