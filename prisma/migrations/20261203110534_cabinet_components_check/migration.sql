-- AlterTable
ALTER TABLE "CabinetConnection" ADD COLUMN     "componentsCheck" JSONB,
ADD COLUMN     "componentsCheckedAt" TIMESTAMP(3);

