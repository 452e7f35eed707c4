-- CreateEnum
CREATE TYPE "ExportBrand" AS ENUM ('comagic', 'uis');

-- CreateEnum
CREATE TYPE "ExportStatus" AS ENUM ('pending', 'exported', 'failed', 'not_exportable');

-- AlterTable
ALTER TABLE "Site" ADD COLUMN     "comagicId" INTEGER;

-- AlterTable
ALTER TABLE "Campaign" ADD COLUMN     "comagicId" INTEGER;

-- AlterTable
ALTER TABLE "Source" ADD COLUMN     "comagicId" INTEGER;

-- AlterTable
ALTER TABLE "Employee" ADD COLUMN     "comagicId" INTEGER;

-- AlterTable
ALTER TABLE "Tag" ADD COLUMN     "comagicId" INTEGER;

-- AlterTable
ALTER TABLE "CarrotQuestIntegration" ADD COLUMN     "exportBrand" "ExportBrand",
ADD COLUMN     "exportError" TEXT,
ADD COLUMN     "exportTokenCiphertext" TEXT,
ADD COLUMN     "exportTokenLast4" TEXT;

-- AlterTable
ALTER TABLE "Chat" ADD COLUMN     "exportError" TEXT,
ADD COLUMN     "exportRemoteId" TEXT,
ADD COLUMN     "exportStatus" "ExportStatus",
ADD COLUMN     "exportedAt" TIMESTAMP(3);

-- CreateIndex
CREATE INDEX "Chat_integrationId_exportStatus_idx" ON "Chat"("integrationId", "exportStatus");

