import { defaultMetricsSettings, type MetricsSettings } from '../config.js';
import type { DbOrTx } from '../db/client.js';
import { enqueue } from '../scheduler/queue.js';
import { firstSnapshotAt, snapshotOffsets } from './snapshots.js';

/**
 * Metrics are collected by one recurring job per network account ("metrics:<accountId>"),
 * due when the account's earliest snapshot is. One job per account lets a collection ask for
 * many publications at once (the networks' batch sizes), and the queue already holds back
 * jobs of accounts that are paused, waiting out a rate limit, or must be reconnected.
 */
export const METRICS_JOB_KIND = 'collect_metrics';
export const metricsJobKey = (accountId: string) => `metrics:${accountId}`;
/** Below publishing: a post going out on time matters more than a number read a minute late. */
export const METRICS_JOB_PRIORITY = -1;

/** The first snapshot of a publication that just went out, for `Publication.metricsDueAt`. */
export function firstMetricsDueAt(publishedAt: Date, settings: MetricsSettings = defaultMetricsSettings): Date | null {
  return firstSnapshotAt(publishedAt, snapshotOffsets(settings));
}

/**
 * Makes sure the account's metrics job runs no later than `dueAt`: creates it, wakes a
 * finished one, or moves a queued one earlier. A running job is left alone: it reads the
 * due publications again before it reschedules itself.
 */
export async function scheduleMetricsCollection(db: DbOrTx, accountId: string, dueAt: Date): Promise<void> {
  const key = metricsJobKey(accountId);
  const job = await db.job.findUnique({ where: { key }, select: { status: true, runAt: true } });
  if (job?.status === 'running') return;
  if (job?.status === 'queued' && job.runAt <= dueAt) return;
  await enqueue(db, { kind: METRICS_JOB_KIND, key, runAt: dueAt, accountId, maxAttempts: 1_000_000, priority: METRICS_JOB_PRIORITY });
}

/**
 * At start: every account with snapshots pending gets its job (publications recorded before
 * this feature existed, a job lost with a deleted row…). Cheap: one grouped query.
 */
export async function ensureMetricsJobs(db: DbOrTx): Promise<void> {
  const pending = await db.publication.groupBy({
    by: ['accountId'],
    where: { status: 'published', metricsDueAt: { not: null } },
    _min: { metricsDueAt: true },
  });
  for (const row of pending) if (row._min.metricsDueAt) await scheduleMetricsCollection(db, row.accountId, row._min.metricsDueAt);
}
