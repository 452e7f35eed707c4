-- CreateEnum
CREATE TYPE "PersonalDataErasureCause" AS ENUM ('retention', 'request');

-- AlterTable
ALTER TABLE "Account" ADD COLUMN     "retentionDays" INTEGER;

-- AlterTable
ALTER TABLE "Chat" ADD COLUMN     "personalDataErasedAt" TIMESTAMP(3),
ADD COLUMN     "personalDataErasure" "PersonalDataErasureCause";

-- AlterTable
ALTER TABLE "ChatMessage" ADD COLUMN     "removedAt" TIMESTAMP(3);

-- CreateTable
CREATE TABLE "PersonalDataErasure" (
    "id" UUID NOT NULL,
    "accountId" UUID NOT NULL,
    "requestedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "completedAt" TIMESTAMP(3),
    "requestedBy" TEXT NOT NULL,
    "actorKind" TEXT NOT NULL,
    "actorId" TEXT,
    "actorLabel" TEXT NOT NULL,
    "criterionKind" TEXT NOT NULL,
    "criterionDigest" TEXT NOT NULL,
    "counts" JSONB NOT NULL,
    "chats" JSONB NOT NULL,
    "auditExtract" JSONB,

    CONSTRAINT "PersonalDataErasure_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ErasedSubject" (
    "accountId" UUID NOT NULL,
    "digest" TEXT NOT NULL,
    "erasedAt" TIMESTAMP(3) NOT NULL,
    "erasureId" UUID NOT NULL,

    CONSTRAINT "ErasedSubject_pkey" PRIMARY KEY ("accountId","digest")
);

-- CreateTable
CREATE TABLE "RetentionState" (
    "accountId" UUID NOT NULL,
    "lastStartedAt" TIMESTAMP(3),
    "lastFinishedAt" TIMESTAMP(3),
    "lastErased" INTEGER NOT NULL DEFAULT 0,
    "lastError" TEXT,
    "erasedBefore" TIMESTAMP(3),
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "RetentionState_pkey" PRIMARY KEY ("accountId")
);

-- CreateIndex
CREATE INDEX "PersonalDataErasure_accountId_requestedAt_idx" ON "PersonalDataErasure"("accountId", "requestedAt" DESC);

-- CreateIndex
CREATE INDEX "Chat_accountId_contactPhone_idx" ON "Chat"("accountId", "contactPhone");

-- CreateIndex
CREATE INDEX "Chat_accountId_contactEmail_idx" ON "Chat"("accountId", "contactEmail");

-- CreateIndex
CREATE INDEX "Chat_accountId_carrotUserId_idx" ON "Chat"("accountId", "carrotUserId");

-- AddForeignKey
ALTER TABLE "PersonalDataErasure" ADD CONSTRAINT "PersonalDataErasure_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ErasedSubject" ADD CONSTRAINT "ErasedSubject_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RetentionState" ADD CONSTRAINT "RetentionState_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account"("id") ON DELETE CASCADE ON UPDATE CASCADE;

