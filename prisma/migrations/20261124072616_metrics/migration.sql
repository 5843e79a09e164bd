-- AlterTable
ALTER TABLE "Publication" ADD COLUMN "metricsCollectedAt" DATETIME;
ALTER TABLE "Publication" ADD COLUMN "metricsDueAt" DATETIME;

-- Publications already out get a first snapshot at once; the schedule goes on from there.
UPDATE "Publication" SET "metricsDueAt" = strftime('%Y-%m-%dT%H:%M:%S.000+00:00', 'now') WHERE "status" = 'published';

-- AlterTable
ALTER TABLE "ManualMetricEntry" ADD COLUMN "evidenceMediaId" TEXT;

-- CreateTable
CREATE TABLE "ShortLink" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "code" TEXT NOT NULL,
    "pieceId" TEXT NOT NULL,
    "network" TEXT NOT NULL,
    "targetUrl" TEXT NOT NULL,
    "destination" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "ShortLink_pieceId_fkey" FOREIGN KEY ("pieceId") REFERENCES "Piece" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ShortLinkDay" (
    "shortLinkId" TEXT NOT NULL,
    "day" TEXT NOT NULL,
    "clicks" INTEGER NOT NULL DEFAULT 0,

    PRIMARY KEY ("shortLinkId", "day"),
    CONSTRAINT "ShortLinkDay_shortLinkId_fkey" FOREIGN KEY ("shortLinkId") REFERENCES "ShortLink" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "PageViewDay" (
    "publicationId" TEXT NOT NULL,
    "day" TEXT NOT NULL,
    "views" INTEGER NOT NULL DEFAULT 0,

    PRIMARY KEY ("publicationId", "day"),
    CONSTRAINT "PageViewDay_publicationId_fkey" FOREIGN KEY ("publicationId") REFERENCES "Publication" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE UNIQUE INDEX "ShortLink_code_key" ON "ShortLink"("code");

-- CreateIndex
CREATE UNIQUE INDEX "ShortLink_pieceId_network_targetUrl_key" ON "ShortLink"("pieceId", "network", "targetUrl");

-- CreateIndex
CREATE INDEX "Publication_accountId_metricsDueAt_idx" ON "Publication"("accountId", "metricsDueAt");

-- CreateIndex
CREATE INDEX "ManualMetricEntry_activityId_date_idx" ON "ManualMetricEntry"("activityId", "date");

