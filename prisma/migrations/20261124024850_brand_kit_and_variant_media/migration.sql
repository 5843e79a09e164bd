-- CreateTable
CREATE TABLE "VariantMedia" (
    "variantId" TEXT NOT NULL,
    "mediaAssetId" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "altText" TEXT NOT NULL,

    PRIMARY KEY ("variantId", "position"),
    CONSTRAINT "VariantMedia_variantId_fkey" FOREIGN KEY ("variantId") REFERENCES "PieceVariant" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "VariantMedia_mediaAssetId_fkey" FOREIGN KEY ("mediaAssetId") REFERENCES "MediaAsset" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "BrandKit" (
    "id" TEXT NOT NULL PRIMARY KEY DEFAULT 'default',
    "municipality" TEXT NOT NULL,
    "logoSvg" TEXT NOT NULL,
    "colors" TEXT NOT NULL,
    "fonts" TEXT NOT NULL,
    "updatedById" TEXT,
    "updatedAt" DATETIME NOT NULL
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_PieceVariant" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "pieceId" TEXT NOT NULL,
    "network" TEXT NOT NULL,
    "title" TEXT,
    "text" TEXT NOT NULL DEFAULT '',
    "link" TEXT,
    "options" TEXT NOT NULL DEFAULT '{}',
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "PieceVariant_pieceId_fkey" FOREIGN KEY ("pieceId") REFERENCES "Piece" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_PieceVariant" ("createdAt", "id", "link", "network", "options", "pieceId", "text", "title", "updatedAt") SELECT "createdAt", "id", "link", "network", "options", "pieceId", "text", "title", "updatedAt" FROM "PieceVariant";
DROP TABLE "PieceVariant";
ALTER TABLE "new_PieceVariant" RENAME TO "PieceVariant";
CREATE UNIQUE INDEX "PieceVariant_pieceId_network_key" ON "PieceVariant"("pieceId", "network");
CREATE TABLE "new_MediaAsset" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "kind" TEXT NOT NULL,
    "mimeType" TEXT NOT NULL,
    "bytes" INTEGER NOT NULL,
    "width" INTEGER,
    "height" INTEGER,
    "density" INTEGER,
    "sha256" TEXT NOT NULL,
    "storagePath" TEXT NOT NULL,
    "altText" TEXT,
    "originalName" TEXT,
    "templateId" TEXT,
    "format" TEXT,
    "renderKey" TEXT,
    "pieceId" TEXT,
    "createdById" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "MediaAsset_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "MediaAsset_pieceId_fkey" FOREIGN KEY ("pieceId") REFERENCES "Piece" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
INSERT INTO "new_MediaAsset" ("altText", "bytes", "createdAt", "createdById", "density", "format", "height", "id", "kind", "mimeType", "originalName", "renderKey", "sha256", "storagePath", "templateId", "width") SELECT "altText", "bytes", "createdAt", "createdById", "density", "format", "height", "id", "kind", "mimeType", "originalName", "renderKey", "sha256", "storagePath", "templateId", "width" FROM "MediaAsset";
DROP TABLE "MediaAsset";
ALTER TABLE "new_MediaAsset" RENAME TO "MediaAsset";
CREATE UNIQUE INDEX "MediaAsset_renderKey_key" ON "MediaAsset"("renderKey");
CREATE INDEX "MediaAsset_sha256_idx" ON "MediaAsset"("sha256");
CREATE INDEX "MediaAsset_pieceId_idx" ON "MediaAsset"("pieceId");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "VariantMedia_mediaAssetId_idx" ON "VariantMedia"("mediaAssetId");

