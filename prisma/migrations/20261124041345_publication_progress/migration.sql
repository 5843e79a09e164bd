-- AlterTable
ALTER TABLE "Publication" ADD COLUMN "progress" TEXT;

