-- AlterTable
ALTER TABLE "CarrotQuestIntegration" ADD COLUMN     "trackerGlobal" TEXT NOT NULL DEFAULT 'Comagic';

