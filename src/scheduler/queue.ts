import { EventEmitter } from 'node:events';
import type { DbOrTx } from '../db/client.js';
import type { Job } from '../generated/prisma/client.js';

/**
 * The database is the queue: one Job row per unit of background work. Jobs are claimed
 * with a lease in one UPDATE … RETURNING statement (SQLite runs one writer at a time), so two
 * Pregón processes on the same file never run the same job; an expired lease (a crash, kill -9)
 * puts the job back in the queue, and its handler finds out what the crashed run did.
 */

/** Emits 'changed' when this process adds or moves a job: the worker wakes instead of polling. */
export const queueEvents = new EventEmitter();

/** SQLite stores Prisma's DateTime as ISO text with `+00:00`; raw SQL must compare the same form. */
export const sqlTime = (d: Date) => d.toISOString().replace('Z', '+00:00');

export type EnqueueInput = { kind: string; key: string; runAt: Date; payload?: unknown; accountId?: string | null; maxAttempts?: number; priority?: number };

/**
 * Adds a job, or moves the live job with the same key (a rescheduled publication keeps one
 * job). A job that is running is left alone: it is already past the point of moving.
 */
export async function enqueue(db: DbOrTx, input: EnqueueInput): Promise<void> {
  const data = {
    kind: input.kind,
    runAt: input.runAt,
    payload: JSON.stringify(input.payload ?? {}),
    accountId: input.accountId ?? null,
    maxAttempts: input.maxAttempts ?? 5,
    priority: input.priority ?? 0,
  };
  const existing = await db.job.findUnique({ where: { key: input.key } });
  if (!existing) await db.job.create({ data: { ...data, key: input.key } });
  else if (existing.status !== 'running') await db.job.update({ where: { key: input.key }, data: { ...data, status: 'queued', attempts: 0, lastError: null, lockedBy: null, lockedUntil: null } });
  queueEvents.emit('changed');
}

/** Removes the queued job with this key (an unscheduled or cancelled publication). */
export async function dequeue(db: DbOrTx, key: string): Promise<void> {
  await db.job.deleteMany({ where: { key, status: { not: 'running' } } });
  queueEvents.emit('changed');
}

export type ClaimOptions = { workerId: string; now: Date; leaseMs: number; limit: number; perAccount: number; publishingPaused: boolean };

export type ClaimedJob = Pick<Job, 'id' | 'kind' | 'payload' | 'accountId' | 'attempts' | 'maxAttempts' | 'runAt' | 'key'>;

/**
 * Claims up to `limit` due jobs in one statement. Per account at most `perAccount` run at once
 * (counting the ones already running), accounts paused or waiting out a rate limit are
 * skipped, and while publishing is paused office-wide only non-publishing work runs.
 */
export async function claimDue(db: DbOrTx, o: ClaimOptions): Promise<ClaimedJob[]> {
  const now = sqlTime(o.now);
  return db.$queryRawUnsafe<ClaimedJob[]>(
    `UPDATE "Job" SET "status" = 'running', "lockedBy" = ?, "lockedUntil" = ?, "attempts" = "attempts" + 1, "updatedAt" = ?
     WHERE "id" IN (
       SELECT c."id" FROM (
         SELECT j."id", j."accountId", j."runAt", j."priority",
                ROW_NUMBER() OVER (PARTITION BY COALESCE(j."accountId", j."id") ORDER BY j."priority" DESC, j."runAt") AS "n"
         FROM "Job" j
         WHERE j."status" = 'queued' AND j."runAt" <= ?
           AND (? = 0 OR j."kind" <> 'publish')
           AND (j."accountId" IS NULL OR j."accountId" NOT IN (
             SELECT a."id" FROM "ChannelAccount" a
             WHERE a."status" IN ('paused', 'disabled', 'reconnect_needed') OR (a."pausedUntil" IS NOT NULL AND a."pausedUntil" > ?)))
       ) c
       WHERE c."accountId" IS NULL
          OR c."n" + (SELECT COUNT(*) FROM "Job" r WHERE r."status" = 'running' AND r."accountId" = c."accountId") <= ?
       ORDER BY c."priority" DESC, c."runAt"
       LIMIT CAST(? AS INTEGER)
     )
     RETURNING "id", "kind", "payload", "accountId", "attempts", "maxAttempts", "runAt", "key"`,
    o.workerId,
    sqlTime(new Date(o.now.getTime() + o.leaseMs)),
    now,
    now,
    o.publishingPaused ? 1 : 0,
    now,
    o.perAccount,
    o.limit,
  );
}

/** Puts back jobs whose lease ran out (their worker died or hung); returns how many. */
export async function releaseExpired(db: DbOrTx, now: Date): Promise<number> {
  return db.$executeRawUnsafe(
    `UPDATE "Job" SET "status" = 'queued', "lockedBy" = NULL, "lockedUntil" = NULL, "updatedAt" = ? WHERE "status" = 'running' AND "lockedUntil" < ?`,
    sqlTime(now),
    sqlTime(now),
  );
}

/** Keeps a running job's lease alive while its handler works (a long thread, a slow upload). */
export async function extendLease(db: DbOrTx, jobId: string, workerId: string, until: Date): Promise<void> {
  await db.job.updateMany({ where: { id: jobId, status: 'running', lockedBy: workerId }, data: { lockedUntil: until } });
}

export async function finishJob(db: DbOrTx, jobId: string, workerId: string): Promise<void> {
  await db.job.updateMany({ where: { id: jobId, lockedBy: workerId }, data: { status: 'done', lockedBy: null, lockedUntil: null } });
}

export async function failJob(db: DbOrTx, jobId: string, workerId: string, error: string): Promise<void> {
  await db.job.updateMany({ where: { id: jobId, lockedBy: workerId }, data: { status: 'failed', lastError: error, lockedBy: null, lockedUntil: null } });
}

/** Runs the job again at `runAt` (a retry after backoff, the end of a rate-limit pause or of a blackout). */
export async function retryJobAt(db: DbOrTx, jobId: string, workerId: string, runAt: Date, error: string | null, { countAttempt = true } = {}): Promise<void> {
  await db.job.updateMany({
    where: { id: jobId, lockedBy: workerId },
    data: { status: 'queued', runAt, lastError: error, lockedBy: null, lockedUntil: null, ...(countAttempt ? {} : { attempts: { decrement: 1 } }) },
  });
  queueEvents.emit('changed');
}

/** When the next queued job is due (the worker sleeps until then), or null. */
export async function nextDue(db: DbOrTx): Promise<Date | null> {
  const next = await db.job.findFirst({ where: { status: 'queued' }, orderBy: { runAt: 'asc' }, select: { runAt: true } });
  return next?.runAt ?? null;
}
