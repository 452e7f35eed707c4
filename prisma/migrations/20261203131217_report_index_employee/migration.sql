-- DropIndex
DROP INDEX "Chat_report_idx";

-- CreateIndex
CREATE INDEX "Chat_report_idx" ON "Chat"("accountId", "startedAt", "integrationId", "channel", "attributionKind", "sourceId", "campaignId", "employeeId");

