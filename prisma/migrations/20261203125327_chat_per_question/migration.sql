-- DropIndex
DROP INDEX "Chat_integrationId_conversationId_key";

-- AlterTable
ALTER TABLE "Chat" ADD COLUMN     "questionId" TEXT,
ADD COLUMN     "webhookReceivedAt" TIMESTAMP(3);

-- AlterTable
ALTER TABLE "ChatMessage" ADD COLUMN     "operatorId" TEXT;

-- CreateTable
CREATE TABLE "CarrotQuestOperator" (
    "id" UUID NOT NULL,
    "accountId" UUID NOT NULL,
    "integrationId" UUID NOT NULL,
    "carrotAdminId" TEXT NOT NULL,
    "name" TEXT,
    "type" TEXT,
    "lastSeenAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "employeeId" UUID,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "CarrotQuestOperator_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "CarrotQuestOperator_accountId_employeeId_idx" ON "CarrotQuestOperator"("accountId", "employeeId");

-- CreateIndex
CREATE UNIQUE INDEX "CarrotQuestOperator_integrationId_carrotAdminId_key" ON "CarrotQuestOperator"("integrationId", "carrotAdminId");

-- CreateIndex
CREATE UNIQUE INDEX "Chat_integrationId_conversationId_questionId_key" ON "Chat"("integrationId", "conversationId", "questionId");

-- AddForeignKey
ALTER TABLE "CarrotQuestOperator" ADD CONSTRAINT "CarrotQuestOperator_accountId_integrationId_fkey" FOREIGN KEY ("accountId", "integrationId") REFERENCES "CarrotQuestIntegration"("accountId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CarrotQuestOperator" ADD CONSTRAINT "CarrotQuestOperator_accountId_employeeId_fkey" FOREIGN KEY ("accountId", "employeeId") REFERENCES "Employee"("accountId", "id") ON DELETE RESTRICT ON UPDATE CASCADE;

