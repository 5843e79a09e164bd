-- The last snapshot time is in MetricSample.collectedAt; the column was written and never read.
ALTER TABLE "Publication" DROP COLUMN "metricsCollectedAt";
