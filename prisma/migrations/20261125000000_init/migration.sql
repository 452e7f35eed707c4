-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateEnum
CREATE TYPE "TrafficType" AS ENUM ('campaign', 'source');

-- CreateEnum
CREATE TYPE "KeyStatus" AS ENUM ('unchecked', 'valid', 'invalid');

-- CreateEnum
CREATE TYPE "ChatChannel" AS ENUM ('widget', 'telegram', 'whatsapp', 'viber', 'vk', 'facebook', 'instagram', 'email', 'avito', 'other');

-- CreateEnum
CREATE TYPE "AttributionKind" AS ENUM ('session', 'mapping', 'default', 'forced');

-- CreateEnum
CREATE TYPE "MessageAuthor" AS ENUM ('visitor', 'operator', 'system', 'bot');

-- CreateTable
CREATE TABLE "Account" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Account_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Site" (
    "id" UUID NOT NULL,
    "accountId" UUID NOT NULL,
    "domain" TEXT NOT NULL,
    "siteKey" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Site_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Campaign" (
    "id" UUID NOT NULL,
    "accountId" UUID NOT NULL,
    "siteId" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "isSystem" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Campaign_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Source" (
    "id" UUID NOT NULL,
    "accountId" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "group" TEXT NOT NULL,
    "channel" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Source_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Employee" (
    "id" UUID NOT NULL,
    "accountId" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "email" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Employee_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Tag" (
    "id" UUID NOT NULL,
    "accountId" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Tag_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "VisitorSession" (
    "id" UUID NOT NULL,
    "accountId" UUID NOT NULL,
    "externalId" TEXT NOT NULL,
    "siteId" UUID NOT NULL,
    "startedAt" TIMESTAMP(3) NOT NULL,
    "campaignId" UUID,
    "sourceId" UUID,
    "utmSource" TEXT,
    "utmMedium" TEXT,
    "utmCampaign" TEXT,
    "utmTerm" TEXT,
    "utmContent" TEXT,
    "referrer" TEXT,
    "entrancePage" TEXT,
    "visitorId" TEXT,
    "ymClientId" TEXT,
    "gaClientId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "VisitorSession_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CarrotQuestIntegration" (
    "id" UUID NOT NULL,
    "accountId" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "active" BOOLEAN NOT NULL DEFAULT false,
    "apiKeyCiphertext" TEXT NOT NULL,
    "apiKeyLast4" TEXT NOT NULL,
    "webhookTokenCiphertext" TEXT,
    "webhookKeyHash" TEXT NOT NULL,
    "webhookKeyCiphertext" TEXT NOT NULL,
    "trafficType" "TrafficType" NOT NULL DEFAULT 'source',
    "defaultCampaignId" UUID,
    "defaultSourceId" UUID,
    "defaultSiteId" UUID,
    "forcedMode" BOOLEAN NOT NULL DEFAULT false,
    "defaultEmployeeId" UUID,
    "taggingEnabled" BOOLEAN NOT NULL DEFAULT false,
    "tagId" UUID,
    "phoneRegion" TEXT NOT NULL DEFAULT 'RU',
    "apiBaseUrl" TEXT,
    "keyStatus" "KeyStatus" NOT NULL DEFAULT 'unchecked',
    "keyError" TEXT,
    "keyCheckedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "deletedAt" TIMESTAMP(3),

    CONSTRAINT "CarrotQuestIntegration_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "MessengerMapping" (
    "id" UUID NOT NULL,
    "integrationId" UUID NOT NULL,
    "accountId" UUID NOT NULL,
    "messenger" "ChatChannel" NOT NULL,
    "campaignId" UUID,
    "sourceId" UUID,
    "siteId" UUID,

    CONSTRAINT "MessengerMapping_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Chat" (
    "id" UUID NOT NULL,
    "accountId" UUID NOT NULL,
    "integrationId" UUID NOT NULL,
    "conversationId" TEXT NOT NULL,
    "carrotUserId" TEXT NOT NULL,
    "channel" "ChatChannel" NOT NULL,
    "channelRaw" TEXT,
    "contactName" TEXT,
    "contactPhone" TEXT,
    "contactEmail" TEXT,
    "startedAt" TIMESTAMP(3) NOT NULL,
    "resolvedAt" TIMESTAMP(3),
    "employeeId" UUID,
    "operatorName" TEXT,
    "attributionKind" "AttributionKind" NOT NULL,
    "sessionExternalId" TEXT,
    "visitorSessionId" UUID,
    "campaignId" UUID,
    "sourceId" UUID,
    "siteId" UUID,
    "utmSource" TEXT,
    "utmMedium" TEXT,
    "utmCampaign" TEXT,
    "utmTerm" TEXT,
    "utmContent" TEXT,
    "referrer" TEXT,
    "entrancePage" TEXT,
    "messagesCount" INTEGER NOT NULL DEFAULT 0,
    "firstVisitorMessage" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Chat_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ChatMessage" (
    "id" UUID NOT NULL,
    "chatId" UUID NOT NULL,
    "partId" TEXT NOT NULL,
    "sentAt" TIMESTAMP(3) NOT NULL,
    "author" "MessageAuthor" NOT NULL,
    "partType" TEXT NOT NULL,
    "operatorName" TEXT,
    "text" TEXT,

    CONSTRAINT "ChatMessage_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ChatTag" (
    "accountId" UUID NOT NULL,
    "chatId" UUID NOT NULL,
    "tagId" UUID NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ChatTag_pkey" PRIMARY KEY ("chatId","tagId")
);

-- CreateIndex
CREATE UNIQUE INDEX "Site_siteKey_key" ON "Site"("siteKey");

-- CreateIndex
CREATE UNIQUE INDEX "Site_accountId_id_key" ON "Site"("accountId", "id");

-- CreateIndex
CREATE UNIQUE INDEX "Site_accountId_domain_key" ON "Site"("accountId", "domain");

-- CreateIndex
CREATE INDEX "Campaign_siteId_idx" ON "Campaign"("siteId");

-- CreateIndex
CREATE UNIQUE INDEX "Campaign_accountId_id_key" ON "Campaign"("accountId", "id");

-- CreateIndex
CREATE UNIQUE INDEX "Source_accountId_id_key" ON "Source"("accountId", "id");

-- CreateIndex
CREATE UNIQUE INDEX "Source_accountId_name_key" ON "Source"("accountId", "name");

-- CreateIndex
CREATE UNIQUE INDEX "Employee_accountId_id_key" ON "Employee"("accountId", "id");

-- CreateIndex
CREATE UNIQUE INDEX "Tag_accountId_id_key" ON "Tag"("accountId", "id");

-- CreateIndex
CREATE UNIQUE INDEX "Tag_accountId_name_key" ON "Tag"("accountId", "name");

-- CreateIndex
CREATE UNIQUE INDEX "VisitorSession_accountId_id_key" ON "VisitorSession"("accountId", "id");

-- CreateIndex
CREATE UNIQUE INDEX "VisitorSession_accountId_externalId_key" ON "VisitorSession"("accountId", "externalId");

-- CreateIndex
CREATE UNIQUE INDEX "CarrotQuestIntegration_webhookKeyHash_key" ON "CarrotQuestIntegration"("webhookKeyHash");

-- CreateIndex
CREATE INDEX "CarrotQuestIntegration_accountId_idx" ON "CarrotQuestIntegration"("accountId");

-- CreateIndex
CREATE UNIQUE INDEX "CarrotQuestIntegration_accountId_id_key" ON "CarrotQuestIntegration"("accountId", "id");

-- CreateIndex
CREATE UNIQUE INDEX "MessengerMapping_integrationId_messenger_key" ON "MessengerMapping"("integrationId", "messenger");

-- CreateIndex
CREATE INDEX "Chat_accountId_startedAt_idx" ON "Chat"("accountId", "startedAt" DESC);

-- CreateIndex
CREATE INDEX "Chat_accountId_createdAt_idx" ON "Chat"("accountId", "createdAt" DESC);

-- CreateIndex
CREATE INDEX "Chat_integrationId_createdAt_idx" ON "Chat"("integrationId", "createdAt" DESC);

-- CreateIndex
CREATE UNIQUE INDEX "Chat_accountId_id_key" ON "Chat"("accountId", "id");

-- CreateIndex
CREATE UNIQUE INDEX "Chat_integrationId_conversationId_key" ON "Chat"("integrationId", "conversationId");

-- CreateIndex
CREATE INDEX "ChatMessage_chatId_sentAt_idx" ON "ChatMessage"("chatId", "sentAt");

-- CreateIndex
CREATE UNIQUE INDEX "ChatMessage_chatId_partId_key" ON "ChatMessage"("chatId", "partId");

-- AddForeignKey
ALTER TABLE "Site" ADD CONSTRAINT "Site_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Campaign" ADD CONSTRAINT "Campaign_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Campaign" ADD CONSTRAINT "Campaign_accountId_siteId_fkey" FOREIGN KEY ("accountId", "siteId") REFERENCES "Site"("accountId", "id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Source" ADD CONSTRAINT "Source_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Employee" ADD CONSTRAINT "Employee_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Tag" ADD CONSTRAINT "Tag_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "VisitorSession" ADD CONSTRAINT "VisitorSession_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "VisitorSession" ADD CONSTRAINT "VisitorSession_accountId_siteId_fkey" FOREIGN KEY ("accountId", "siteId") REFERENCES "Site"("accountId", "id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "VisitorSession" ADD CONSTRAINT "VisitorSession_accountId_campaignId_fkey" FOREIGN KEY ("accountId", "campaignId") REFERENCES "Campaign"("accountId", "id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "VisitorSession" ADD CONSTRAINT "VisitorSession_accountId_sourceId_fkey" FOREIGN KEY ("accountId", "sourceId") REFERENCES "Source"("accountId", "id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CarrotQuestIntegration" ADD CONSTRAINT "CarrotQuestIntegration_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CarrotQuestIntegration" ADD CONSTRAINT "CarrotQuestIntegration_accountId_defaultCampaignId_fkey" FOREIGN KEY ("accountId", "defaultCampaignId") REFERENCES "Campaign"("accountId", "id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CarrotQuestIntegration" ADD CONSTRAINT "CarrotQuestIntegration_accountId_defaultSourceId_fkey" FOREIGN KEY ("accountId", "defaultSourceId") REFERENCES "Source"("accountId", "id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CarrotQuestIntegration" ADD CONSTRAINT "CarrotQuestIntegration_accountId_defaultSiteId_fkey" FOREIGN KEY ("accountId", "defaultSiteId") REFERENCES "Site"("accountId", "id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CarrotQuestIntegration" ADD CONSTRAINT "CarrotQuestIntegration_accountId_defaultEmployeeId_fkey" FOREIGN KEY ("accountId", "defaultEmployeeId") REFERENCES "Employee"("accountId", "id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CarrotQuestIntegration" ADD CONSTRAINT "CarrotQuestIntegration_accountId_tagId_fkey" FOREIGN KEY ("accountId", "tagId") REFERENCES "Tag"("accountId", "id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MessengerMapping" ADD CONSTRAINT "MessengerMapping_accountId_integrationId_fkey" FOREIGN KEY ("accountId", "integrationId") REFERENCES "CarrotQuestIntegration"("accountId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MessengerMapping" ADD CONSTRAINT "MessengerMapping_accountId_campaignId_fkey" FOREIGN KEY ("accountId", "campaignId") REFERENCES "Campaign"("accountId", "id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MessengerMapping" ADD CONSTRAINT "MessengerMapping_accountId_sourceId_fkey" FOREIGN KEY ("accountId", "sourceId") REFERENCES "Source"("accountId", "id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MessengerMapping" ADD CONSTRAINT "MessengerMapping_accountId_siteId_fkey" FOREIGN KEY ("accountId", "siteId") REFERENCES "Site"("accountId", "id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Chat" ADD CONSTRAINT "Chat_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Chat" ADD CONSTRAINT "Chat_accountId_integrationId_fkey" FOREIGN KEY ("accountId", "integrationId") REFERENCES "CarrotQuestIntegration"("accountId", "id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Chat" ADD CONSTRAINT "Chat_accountId_employeeId_fkey" FOREIGN KEY ("accountId", "employeeId") REFERENCES "Employee"("accountId", "id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Chat" ADD CONSTRAINT "Chat_accountId_visitorSessionId_fkey" FOREIGN KEY ("accountId", "visitorSessionId") REFERENCES "VisitorSession"("accountId", "id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Chat" ADD CONSTRAINT "Chat_accountId_campaignId_fkey" FOREIGN KEY ("accountId", "campaignId") REFERENCES "Campaign"("accountId", "id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Chat" ADD CONSTRAINT "Chat_accountId_sourceId_fkey" FOREIGN KEY ("accountId", "sourceId") REFERENCES "Source"("accountId", "id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Chat" ADD CONSTRAINT "Chat_accountId_siteId_fkey" FOREIGN KEY ("accountId", "siteId") REFERENCES "Site"("accountId", "id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ChatMessage" ADD CONSTRAINT "ChatMessage_chatId_fkey" FOREIGN KEY ("chatId") REFERENCES "Chat"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ChatTag" ADD CONSTRAINT "ChatTag_accountId_chatId_fkey" FOREIGN KEY ("accountId", "chatId") REFERENCES "Chat"("accountId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ChatTag" ADD CONSTRAINT "ChatTag_accountId_tagId_fkey" FOREIGN KEY ("accountId", "tagId") REFERENCES "Tag"("accountId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

