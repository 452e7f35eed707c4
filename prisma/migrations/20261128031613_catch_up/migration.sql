-- AlterTable
ALTER TABLE "Chat" ADD COLUMN     "carrotUpdatedAt" TIMESTAMP(3);

-- CreateTable
CREATE TABLE "CatchUpState" (
    "integrationId" UUID NOT NULL,
    "accountId" UUID NOT NULL,
    "watermark" TIMESTAMP(3),
    "lastStartedAt" TIMESTAMP(3),
    "lastFinishedAt" TIMESTAMP(3),
    "lastScanned" INTEGER NOT NULL DEFAULT 0,
    "lastQueued" INTEGER NOT NULL DEFAULT 0,
    "lastError" TEXT,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "CatchUpState_pkey" PRIMARY KEY ("integrationId")
);

-- CreateIndex
CREATE UNIQUE INDEX "CatchUpState_accountId_integrationId_key" ON "CatchUpState"("accountId", "integrationId");

-- AddForeignKey
ALTER TABLE "CatchUpState" ADD CONSTRAINT "CatchUpState_accountId_integrationId_fkey" FOREIGN KEY ("accountId", "integrationId") REFERENCES "CarrotQuestIntegration"("accountId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

