-- CreateExtension
CREATE EXTENSION IF NOT EXISTS "pg_trgm";

-- CreateIndex
CREATE INDEX "Chat_integrationId_startedAt_id_idx" ON "Chat"("integrationId", "startedAt" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "Chat_search_idx" ON "Chat" USING GIN ("contactName" gin_trgm_ops, "contactPhone" gin_trgm_ops, "contactEmail" gin_trgm_ops, "firstVisitorMessage" gin_trgm_ops);

