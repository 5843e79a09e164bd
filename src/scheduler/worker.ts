import { randomBytes } from 'node:crypto';
import type { Db } from '../db/client.js';
import type { JobResult } from './publish-job.js';
import { claimDue, extendLease, failJob, finishJob, nextDue, queueEvents, releaseExpired, retryJobAt, type ClaimedJob } from './queue.js';

export type JobHandler = (job: ClaimedJob) => Promise<JobResult>;

export type WorkerOptions = {
  db: Db;
  handlers: Record<string, JobHandler>;
  now?: () => Date;
  /** How long a claimed job is ours; renewed while it runs. A dead worker's jobs come back after it. */
  leaseMs?: number;
  /** Jobs running at once in this process, and per network account. */
  concurrency?: number;
  perAccount?: number;
  /**
   * The longest sleep. The worker sleeps until the next due job and wakes at once when this
   * process adds or moves one; this bound is for jobs another process added meanwhile.
   */
  maxSleepMs?: number;
  /** Whether publishing is paused office-wide (the emergency stop). */
  publishingPaused?: () => Promise<boolean>;
  onError?: (error: unknown, job: ClaimedJob | null) => void;
};

/**
 * Runs due jobs. One loop: put back expired leases, claim what is due (within the
 * concurrency limits), start the handlers, then sleep until the next due time or a wake-up.
 */
export class Worker {
  readonly id = `worker-${process.pid}-${randomBytes(4).toString('hex')}`;
  private readonly o: Required<Omit<WorkerOptions, 'onError'>> & Pick<WorkerOptions, 'onError'>;
  private readonly running = new Map<string, Promise<void>>();
  private stopped = true;
  private wakeUp: (() => void) | null = null;
  private loop: Promise<void> | null = null;
  private readonly onChange = () => this.wake();
  private lastRelease = 0;
  private wakePending = false;

  constructor(options: WorkerOptions) {
    this.o = {
      now: () => new Date(),
      leaseMs: 60_000,
      concurrency: 16,
      perAccount: 4,
      maxSleepMs: 1_000,
      publishingPaused: async () => false,
      // Options given as undefined keep their default.
      ...(Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)) as WorkerOptions),
    };
  }

  start() {
    if (!this.stopped) return;
    this.stopped = false;
    queueEvents.on('changed', this.onChange);
    this.loop = this.run();
  }

  /** Stops claiming, and waits for the jobs in hand to finish. */
  async stop() {
    this.stopped = true;
    queueEvents.off('changed', this.onChange);
    this.wake();
    await this.loop;
    await Promise.allSettled(this.running.values());
  }

  /** Ends the current sleep, or the next one if the loop is busy right now (a wake-up is never lost). */
  wake() {
    if (this.wakeUp) this.wakeUp();
    else this.wakePending = true;
  }

  private async run() {
    while (!this.stopped) {
      try {
        const claimedAt = this.o.now();
        const claimed = await this.claim(claimedAt);
        if (claimed > 0 && this.running.size < this.o.concurrency) continue; // more may be due right now
        await this.sleep(await this.sleepMs(claimed, claimedAt));
      } catch (error) {
        this.o.onError?.(error, null);
        await this.sleep(this.o.maxSleepMs);
      }
    }
  }

  private async claim(now: Date): Promise<number> {
    const { db } = this.o;
    // Expired leases are looked for a few times per lease, not on every claim.
    if (now.getTime() - this.lastRelease > this.o.leaseMs / 4) {
      await releaseExpired(db, now);
      this.lastRelease = now.getTime();
    }
    const free = this.o.concurrency - this.running.size;
    if (free <= 0) return 0;
    const jobs = await claimDue(db, { workerId: this.id, now, leaseMs: this.o.leaseMs, limit: free, perAccount: this.o.perAccount, publishingPaused: await this.o.publishingPaused() });
    for (const job of jobs) {
      const done = this.execute(job).finally(() => {
        this.running.delete(job.id);
        this.wake();
      });
      this.running.set(job.id, done);
    }
    return jobs.length;
  }

  private async execute(job: ClaimedJob) {
    const { db } = this.o;
    const handler = this.o.handlers[job.kind];
    const heartbeat = setInterval(() => {
      void extendLease(db, job.id, this.id, new Date(this.o.now().getTime() + this.o.leaseMs)).catch(() => undefined);
    }, Math.max(50, Math.floor(this.o.leaseMs / 3)));
    try {
      if (!handler) throw new Error(`No hay quien ejecute trabajos de tipo «${job.kind}».`);
      const result = await handler(job);
      if (result.status === 'done') await finishJob(db, job.id, this.id);
      else if (result.status === 'retry') await retryJobAt(db, job.id, this.id, result.runAt, result.error, { countAttempt: result.countAttempt ?? true });
      else await failJob(db, job.id, this.id, result.error);
    } catch (error) {
      this.o.onError?.(error, job);
      // An unexpected error: try again later, as long as attempts remain.
      const message = (error as Error).message ?? String(error);
      if (job.attempts < job.maxAttempts) await retryJobAt(db, job.id, this.id, new Date(this.o.now().getTime() + 30_000), message).catch(() => undefined);
      else await failJob(db, job.id, this.id, message).catch(() => undefined);
    } finally {
      clearInterval(heartbeat);
    }
  }

  /** Until the next job is due (at least 1 ms: timers may fire a little early), within the bound. */
  private async sleepMs(claimed: number, claimedAt: Date): Promise<number> {
    if (this.running.size >= this.o.concurrency) return this.o.maxSleepMs; // a finishing job wakes us
    const next = await nextDue(this.o.db);
    if (!next) return this.o.maxSleepMs;
    // Due when we claimed, yet not claimed: blocked (a paused account, its concurrency used up);
    // a wake-up or the bound ends the wait. (Compared with the claim's own time: a job that
    // became due a moment after the claim is simply due now.)
    if (next <= claimedAt && claimed === 0) return this.o.maxSleepMs;
    return Math.max(1, Math.min(this.o.maxSleepMs, next.getTime() - this.o.now().getTime()));
  }

  private sleep(ms: number) {
    if (this.wakePending) {
      this.wakePending = false;
      return Promise.resolve();
    }
    return new Promise<void>((resolve) => {
      const timer = setTimeout(done, ms);
      const self = this;
      function done() {
        clearTimeout(timer);
        self.wakeUp = null;
        resolve();
      }
      this.wakeUp = done;
    });
  }
}
