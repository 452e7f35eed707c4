-- CreateEnum
CREATE TYPE "SessionLookupStatus" AS ENUM ('pending', 'found', 'unknown');

-- DropIndex
DROP INDEX "Source_accountId_name_key";

-- AlterTable
ALTER TABLE "Site" ADD COLUMN     "removedInCabinetAt" TIMESTAMP(3);

-- AlterTable
ALTER TABLE "Campaign" ADD COLUMN     "removedInCabinetAt" TIMESTAMP(3);

-- AlterTable
ALTER TABLE "Source" ADD COLUMN     "removedInCabinetAt" TIMESTAMP(3);

-- AlterTable
ALTER TABLE "Employee" ADD COLUMN     "removedInCabinetAt" TIMESTAMP(3);

-- AlterTable
ALTER TABLE "Tag" ADD COLUMN     "removedInCabinetAt" TIMESTAMP(3);

-- AlterTable
ALTER TABLE "Chat" ADD COLUMN     "sessionLookup" "SessionLookupStatus",
ADD COLUMN     "sessionStartedAt" TIMESTAMP(3),
ADD COLUMN     "sessionVisitorId" TEXT;

-- CreateTable
CREATE TABLE "CabinetConnection" (
    "accountId" UUID NOT NULL,
    "brand" "ExportBrand" NOT NULL,
    "tokenCiphertext" TEXT NOT NULL,
    "tokenLast4" TEXT NOT NULL,
    "cabinetAppId" INTEGER NOT NULL,
    "cabinetName" TEXT NOT NULL,
    "timeZone" TEXT NOT NULL,
    "connectedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "catalogSyncedAt" TIMESTAMP(3),
    "catalogSyncCounts" JSONB,
    "catalogSyncError" TEXT,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "CabinetConnection_pkey" PRIMARY KEY ("accountId")
);

-- CreateTable
CREATE TABLE "SessionLookup" (
    "accountId" UUID NOT NULL,
    "externalId" TEXT NOT NULL,
    "visitorId" TEXT NOT NULL,
    "around" TIMESTAMP(3) NOT NULL,
    "status" "SessionLookupStatus" NOT NULL DEFAULT 'pending',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "nextAttemptAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "giveUpAt" TIMESTAMP(3) NOT NULL,
    "lastError" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "SessionLookup_pkey" PRIMARY KEY ("accountId","externalId")
);

-- CreateIndex
CREATE INDEX "SessionLookup_status_nextAttemptAt_idx" ON "SessionLookup"("status", "nextAttemptAt");

-- A CoMagic id now names one entity per account (catalog sync matches on it). Entries typed by hand
-- before could share one: the later duplicates lose it (they can be given it again by hand) rather
-- than the upgrade failing.
UPDATE "Site" AS d SET "comagicId" = NULL WHERE "comagicId" IS NOT NULL AND EXISTS (SELECT 1 FROM "Site" AS o WHERE o."accountId" = d."accountId" AND o."comagicId" = d."comagicId" AND o."createdAt" < d."createdAt" OR (o."accountId" = d."accountId" AND o."comagicId" = d."comagicId" AND o."createdAt" = d."createdAt" AND o.id < d.id));
UPDATE "Campaign" AS d SET "comagicId" = NULL WHERE "comagicId" IS NOT NULL AND EXISTS (SELECT 1 FROM "Campaign" AS o WHERE o."accountId" = d."accountId" AND o."comagicId" = d."comagicId" AND o."createdAt" < d."createdAt" OR (o."accountId" = d."accountId" AND o."comagicId" = d."comagicId" AND o."createdAt" = d."createdAt" AND o.id < d.id));
UPDATE "Source" AS d SET "comagicId" = NULL WHERE "comagicId" IS NOT NULL AND EXISTS (SELECT 1 FROM "Source" AS o WHERE o."accountId" = d."accountId" AND o."comagicId" = d."comagicId" AND o."createdAt" < d."createdAt" OR (o."accountId" = d."accountId" AND o."comagicId" = d."comagicId" AND o."createdAt" = d."createdAt" AND o.id < d.id));
UPDATE "Employee" AS d SET "comagicId" = NULL WHERE "comagicId" IS NOT NULL AND EXISTS (SELECT 1 FROM "Employee" AS o WHERE o."accountId" = d."accountId" AND o."comagicId" = d."comagicId" AND o."createdAt" < d."createdAt" OR (o."accountId" = d."accountId" AND o."comagicId" = d."comagicId" AND o."createdAt" = d."createdAt" AND o.id < d.id));
UPDATE "Tag" AS d SET "comagicId" = NULL WHERE "comagicId" IS NOT NULL AND EXISTS (SELECT 1 FROM "Tag" AS o WHERE o."accountId" = d."accountId" AND o."comagicId" = d."comagicId" AND o."createdAt" < d."createdAt" OR (o."accountId" = d."accountId" AND o."comagicId" = d."comagicId" AND o."createdAt" = d."createdAt" AND o.id < d.id));

-- CreateIndex
CREATE UNIQUE INDEX "Site_accountId_comagicId_key" ON "Site"("accountId", "comagicId");

-- CreateIndex
CREATE UNIQUE INDEX "Campaign_accountId_comagicId_key" ON "Campaign"("accountId", "comagicId");

-- CreateIndex
CREATE UNIQUE INDEX "Source_accountId_comagicId_key" ON "Source"("accountId", "comagicId");

-- CreateIndex
CREATE UNIQUE INDEX "Source_accountId_group_name_key" ON "Source"("accountId", "group", "name");

-- CreateIndex
CREATE UNIQUE INDEX "Employee_accountId_comagicId_key" ON "Employee"("accountId", "comagicId");

-- CreateIndex
CREATE UNIQUE INDEX "Tag_accountId_comagicId_key" ON "Tag"("accountId", "comagicId");

-- AddForeignKey
ALTER TABLE "CabinetConnection" ADD CONSTRAINT "CabinetConnection_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SessionLookup" ADD CONSTRAINT "SessionLookup_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account"("id") ON DELETE CASCADE ON UPDATE CASCADE;

