import { systemActor } from '../audit/write-audit.js';
import type { SecretBox } from '../auth/secret-box.js';
import { refreshExpiringAccounts } from '../channels/account-tokens.js';
import type { ChannelSettings } from '../channels/channel.js';
import { channelFor } from '../channels/registry.js';
import type { Db } from '../db/client.js';
import type { MediaStore } from '../media/store.js';
import { defaultMetricsSettings, type MetricsSettings } from '../config.js';
import { collectAccountMetrics, type CollectDeps } from '../metrics/collect.js';
import { ensureMetricsJobs, METRICS_JOB_KIND } from '../metrics/metrics-jobs.js';
import { runPublishJob, type SchedulerDeps } from './publish-job.js';
import { enqueue } from './queue.js';
import { isPublishingPaused } from './settings.js';
import { Worker } from './worker.js';

export type SchedulerOptions = {
  db: Db;
  box: SecretBox;
  media: MediaStore;
  settings: ChannelSettings;
  timeZone: string;
  leaseMs: number;
  retryBaseMs: number;
  concurrency?: number;
  perAccount?: number;
  now?: () => Date;
  onError?: (error: unknown) => void;
  /** When metrics snapshots are taken (the defaults when absent). */
  metrics?: MetricsSettings;
};

const TOKEN_REFRESH_EVERY_MS = 5 * 60_000;
/** A metrics job with nothing due still looks again this often (a publication recorded while it ran). */
const METRICS_IDLE_MS = 6 * 3_600_000;

/**
 * The background side of Pregón: publishes scheduled publications at their time, renews
 * tokens before they expire, and takes the metrics snapshots, from jobs in the database. Any number of processes may run one.
 */
export async function startScheduler(o: SchedulerOptions) {
  const now = o.now ?? (() => new Date());
  const deps: SchedulerDeps = {
    db: o.db,
    box: o.box,
    media: o.media,
    settings: o.settings,
    actor: { ...systemActor, label: 'programador' },
    timeZone: o.timeZone,
    now,
    retryBaseMs: o.retryBaseMs,
    staleAttemptMs: o.leaseMs,
    metrics: o.metrics ?? defaultMetricsSettings,
  };
  const collectDeps: CollectDeps = { db: o.db, box: o.box, settings: o.settings, metrics: o.metrics ?? defaultMetricsSettings, now, retryBaseMs: o.retryBaseMs };
  const worker = new Worker({
    db: o.db,
    now,
    leaseMs: o.leaseMs,
    concurrency: o.concurrency,
    perAccount: o.perAccount,
    publishingPaused: () => isPublishingPaused(o.db),
    onError: o.onError,
    handlers: {
      publish: (job) => runPublishJob(deps, job),
      refresh_tokens: async () => {
        await refreshExpiringAccounts({ db: o.db, box: o.box, settings: o.settings, channelFor, now: now() });
        return { status: 'retry', runAt: new Date(now().getTime() + TOKEN_REFRESH_EVERY_MS), error: null, countAttempt: false };
      },
      [METRICS_JOB_KIND]: async (job) => {
        if (!job.accountId) return { status: 'failed', error: 'Trabajo de métricas sin cuenta.' };
        const outcome = await collectAccountMetrics(collectDeps, job.accountId);
        const idle = new Date(now().getTime() + METRICS_IDLE_MS);
        const runAt = outcome.nextRunAt && outcome.nextRunAt < idle ? outcome.nextRunAt : idle;
        return { status: 'retry', runAt, error: outcome.stoppedBy, countAttempt: false };
      },
    },
  });
  // The recurring job exists once, whatever the number of processes (its key is unique).
  const existing = await o.db.job.findUnique({ where: { key: 'refresh_tokens' } });
  if (!existing || existing.status === 'done' || existing.status === 'failed') await enqueue(o.db, { kind: 'refresh_tokens', key: 'refresh_tokens', runAt: now(), maxAttempts: 1_000_000 });
  await ensureMetricsJobs(o.db);
  worker.start();
  return worker;
}
