-- AlterTable
ALTER TABLE "consumed_licenses" ADD COLUMN     "row_hash" TEXT;

