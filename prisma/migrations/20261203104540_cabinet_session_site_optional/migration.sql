-- AlterTable
ALTER TABLE "VisitorSession" ALTER COLUMN "siteId" DROP NOT NULL;

