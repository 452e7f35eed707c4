-- CreateEnum
CREATE TYPE "BackfillStatus" AS ENUM ('running', 'interrupted', 'done', 'failed');

-- CreateTable
CREATE TABLE "BackfillState" (
    "integrationId" UUID NOT NULL,
    "accountId" UUID NOT NULL,
    "runId" UUID NOT NULL,
    "periodFrom" TIMESTAMP(3) NOT NULL,
    "periodTo" TIMESTAMP(3) NOT NULL,
    "status" "BackfillStatus" NOT NULL,
    "stopRequested" BOOLEAN NOT NULL DEFAULT false,
    "cursor" TEXT,
    "scanned" INTEGER NOT NULL DEFAULT 0,
    "queued" INTEGER NOT NULL DEFAULT 0,
    "fraction" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "newestUpdate" DOUBLE PRECISION,
    "startedAt" TIMESTAMP(3) NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "error" TEXT,

    CONSTRAINT "BackfillState_pkey" PRIMARY KEY ("integrationId")
);

-- CreateIndex
CREATE UNIQUE INDEX "BackfillState_accountId_integrationId_key" ON "BackfillState"("accountId", "integrationId");

-- AddForeignKey
ALTER TABLE "BackfillState" ADD CONSTRAINT "BackfillState_accountId_integrationId_fkey" FOREIGN KEY ("accountId", "integrationId") REFERENCES "CarrotQuestIntegration"("accountId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

