import { writeAudit } from '../audit/write-audit.js';
import { freshCredentials } from '../channels/account-tokens.js';
import { ChannelError, type ReconcileResult } from '../channels/channel.js';
import {
  accountBlock,
  claimPublication,
  failureOf,
  markPiecePublishedIfComplete,
  recordPublished,
  sendWithOneRefresh,
  targetForPublication,
  type PublishDeps,
  type Target,
} from '../channels/publish-piece.js';
import { AppError } from '../errors.js';
import type { Publication } from '../generated/prisma/client.js';
import { transitionPiece, nextPieceStatus } from '../pieces/lifecycle.js';
import { findPiece, parseSnapshot } from '../pieces/piece-view.js';
import { formatDateTime } from '../web/format.js';
import type { ClaimedJob } from './queue.js';
import { blackoutAt, planOfPiece } from './schedule-piece.js';

export type JobResult = { status: 'done' } | { status: 'retry'; runAt: Date; error: string | null; countAttempt?: boolean } | { status: 'failed'; error: string };

export type SchedulerDeps = PublishDeps & {
  now: () => Date;
  /** First retry delay; each next one doubles (with ±25 % jitter), up to 5 minutes. */
  retryBaseMs: number;
  /**
   * An attempt still "publishing" after this long was cut off (a crash, kill -9, an answer
   * that never came) and is reconciled with the network: the job lease, at least.
   */
  staleAttemptMs: number;
};

const DONE: JobResult = { status: 'done' };

/** Exponential backoff with jitter, so retries after an outage do not all arrive together. */
export function backoff(attempt: number, baseMs: number, random = Math.random): number {
  const plain = Math.min(baseMs * 2 ** Math.max(0, attempt - 1), 5 * 60_000);
  return Math.round(plain * (0.75 + random() * 0.5));
}

/**
 * Publishes one scheduled publication. Before anything is sent it makes sure that would be
 * right: the publication is not already out, the time has not been missed by more than the
 * plan's grace period (then it is held for a person), no blackout window is on, the account is
 * usable. A publication left "publishing" by a crashed run is reconciled with the network first,
 * never blindly sent again.
 */
export async function runPublishJob(deps: SchedulerDeps, job: ClaimedJob): Promise<JobResult> {
  const { db } = deps;
  const { publicationId } = JSON.parse(job.payload) as { publicationId: string };
  // A publication deleted, or a piece without an approved version any more (reopened): nothing to send.
  // Any other error (the database) propagates, and the worker tries the job again later.
  const loaded = await targetForPublication(deps, publicationId).catch((error: unknown) => {
    if (error instanceof AppError || (error as { code?: string }).code === 'P2025') return null;
    throw error;
  });
  if (!loaded || ['published', 'cancelled', 'unconfirmed'].includes(loaded.publication.status)) return DONE;
  const { piece, target, networks } = loaded;
  let publication = loaded.publication;
  if (!['scheduled', 'failed', 'approved'].includes(piece.status)) return DONE;
  const now = deps.now();
  const plan = await planOfPiece(db, piece);
  const zone = plan?.timeZone ?? deps.timeZone;

  if (publication.status === 'publishing') {
    // Someone may still be sending it ("publish now", another process): only an attempt older than a lease was cut off.
    const startedAt = publication.attemptStartedAt?.getTime() ?? 0;
    if (now.getTime() - startedAt < deps.staleAttemptMs) return { status: 'retry', runAt: new Date(startedAt + deps.staleAttemptMs), error: null, countAttempt: false };
    const settled = await settleUnknown(deps, publication, target, 'Pregón se detuvo mientras publicaba');
    if (settled) return settled;
    publication = await db.publication.findUniqueOrThrow({ where: { id: publicationId } }); // back to pending, with what was found as progress
  }

  const graceMs = (plan?.missedGraceMinutes ?? 15) * 60_000;
  if (now.getTime() - job.runAt.getTime() > graceMs) {
    const message = `No salió a su hora (${formatDateTime(job.runAt.toISOString(), zone)}, ${zone}): Pregón no estaba publicando. Revísela y publíquela a mano o reprográmela.`;
    await hold(deps, publication, message);
    return DONE;
  }
  const blackout = await blackoutAt(db, plan?.id ?? null, now);
  if (blackout) return { status: 'retry', runAt: blackout.endsAt, error: `En veda: ${blackout.reason}.`, countAttempt: false };

  const account = target.account;
  const blocked = accountBlock(account, now, zone);
  if (blocked) {
    if (account.status === 'reconnect_needed' || account.status === 'disabled') {
      await hold(deps, publication, blocked);
      return DONE;
    }
    return { status: 'retry', runAt: account.pausedUntil && account.pausedUntil > now ? account.pausedUntil : new Date(now.getTime() + 60_000), error: blocked, countAttempt: false };
  }

  // The claim is conditional on the state read above: if "publish now" got there first, it fails.
  if (!(await claimPublication(db, publication, piece.approvedVersion!, now))) return DONE;
  try {
    const published = await sendWithOneRefresh(deps, target, publication);
    await recordPublished(deps, piece.id, publicationId, target, published, networks);
    return DONE;
  } catch (error) {
    return afterFailure(deps, job, publicationId, target, error);
  }
}

/** What a failed attempt means: retry later (safe errors, limits), settle an unknown outcome, or stop. */
async function afterFailure(deps: SchedulerDeps, job: ClaimedJob, publicationId: string, target: Target, error: unknown): Promise<JobResult> {
  const { db } = deps;
  const now = deps.now();
  const publication = await db.publication.findUniqueOrThrow({ where: { id: publicationId } });
  if (error instanceof ChannelError && error.kind === 'unknown_outcome') {
    // The post may exist but not show yet (networks list new posts with a delay): the
    // publication stays "publishing" and the job comes back once the attempt is stale, to
    // reconcile then, exactly as after a crash.
    await db.publication.update({ where: { id: publicationId }, data: { error: error.message } });
    return { status: 'retry', runAt: new Date(now.getTime() + deps.staleAttemptMs), error: error.message, countAttempt: false };
  }
  if (error instanceof ChannelError && error.kind === 'transient' && job.attempts < job.maxAttempts) {
    await db.publication.update({ where: { id: publicationId }, data: { status: 'pending', error: `${error.message} Se reintentará (intento ${job.attempts} de ${job.maxAttempts}).` } });
    return { status: 'retry', runAt: new Date(now.getTime() + backoff(job.attempts, deps.retryBaseMs)), error: error.message };
  }
  if (error instanceof ChannelError && error.kind === 'rate_limited') {
    const { message } = await failureOf(deps, target.account, error); // pauses the account until the network's reset
    await db.publication.update({ where: { id: publicationId }, data: { status: 'pending', error: message } });
    return { status: 'retry', runAt: error.retryAt ?? new Date(now.getTime() + 15 * 60_000), error: message, countAttempt: false };
  }
  // Rejected content, an account that must reconnect, or the last attempt: a person takes over.
  const { status, message } = await failureOf(deps, target.account, error);
  await db.publication.update({ where: { id: publicationId }, data: { status, error: message } });
  await writeAudit(db, deps.actor, { action: `publish_${status}`, entityType: 'Publication', entityId: publicationId, after: { status, error: message } });
  if (status === 'failed') await markPieceFailed(deps, publication.pieceId);
  return DONE;
}

/**
 * After an attempt whose answer never came: asks the network. Found → published. Absent →
 * back to pending (with the parts found as progress) so the caller may send it. The network
 * cannot tell → "unconfirmed", for a person to decide. Returns null when sending is the next step.
 */
async function settleUnknown(deps: SchedulerDeps, publication: Publication, target: Target, why: string): Promise<JobResult | null> {
  const { db } = deps;
  const result = await reconcile(deps, publication, target);
  if (result.state === 'published') {
    await recordPublished(deps, publication.pieceId, publication.id, target, result.result);
    await db.auditEntry.create({ data: { actorLabel: deps.actor.label, action: 'reconcile_found', entityType: 'Publication', entityId: publication.id, after: JSON.stringify({ remoteId: result.result.remoteId }) } });
    const piece = await findPiece(db, publication.pieceId);
    const version = await db.pieceVersion.findUniqueOrThrow({ where: { pieceId_version: { pieceId: piece.id, version: piece.approvedVersion ?? publication.pieceVersion } } });
    await markPiecePublishedIfComplete(deps, piece.id, parseSnapshot(version.snapshot).variants.map((v) => v.network));
    return DONE;
  }
  if (result.state === 'absent') {
    await db.publication.update({ where: { id: publication.id }, data: { status: 'pending', progress: result.progress === null || result.progress === undefined ? null : JSON.stringify(result.progress) } });
    return null;
  }
  await db.publication.update({ where: { id: publication.id }, data: { status: 'unconfirmed', error: `${why}. No se pudo comprobar en la red si quedó publicada (${result.reason}): confirme con el enlace o reintente.` } });
  return DONE;
}

async function reconcile(deps: SchedulerDeps, publication: Publication, target: Target): Promise<ReconcileResult> {
  const progress = publication.progress === null ? null : (JSON.parse(publication.progress) as unknown);
  // The website publishes inside Pregón: an attempt that did not record its result did not happen.
  if (!target.channel.needsAccount) return { state: 'absent', progress };
  if (!target.channel.reconcile) return { state: 'unknown', reason: `${target.channel.label} no permite comprobarlo` };
  try {
    const ctx = await freshCredentials({ db: deps.db, box: deps.box, settings: deps.settings, channel: target.channel, accountId: target.account.id, now: deps.now() });
    return await target.channel.reconcile(ctx, target.outgoing, { startedAt: publication.attemptStartedAt ?? publication.updatedAt, progress });
  } catch (error) {
    return { state: 'unknown', reason: (error as Error).message };
  }
}

async function hold(deps: SchedulerDeps, publication: Publication, message: string) {
  await deps.db.publication.update({ where: { id: publication.id }, data: { status: 'held', error: message } });
  await writeAudit(deps.db, deps.actor, { action: 'publish_held', entityType: 'Publication', entityId: publication.id, after: { status: 'held', error: message } });
}

/** A publication that failed for good makes the scheduled piece "failed": it shows on the dashboard and can be retried. */
async function markPieceFailed(deps: SchedulerDeps, pieceId: string) {
  const piece = await findPiece(deps.db, pieceId);
  if (!nextPieceStatus(piece.status, 'fail').ok) return;
  await deps.db.piece.updateMany({ where: { id: pieceId, status: piece.status }, data: { status: transitionPiece(piece.status, 'fail') } });
}
