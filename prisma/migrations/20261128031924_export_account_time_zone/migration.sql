-- AlterTable
ALTER TABLE "CarrotQuestIntegration" ADD COLUMN     "exportTimeZone" TEXT,
ADD COLUMN     "exportTimeZoneError" TEXT,
ADD COLUMN     "exportTimeZoneTokenHash" TEXT;

