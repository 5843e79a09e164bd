import { firstMetricsDueAt, scheduleMetricsCollection } from '../metrics/metrics-jobs.js';
import { writeAudit, type Actor } from '../audit/write-audit.js';
import { toAccountView } from '../channels/accounts.js';
import { toPublicationView } from '../channels/publication-view.js';
import type { Db } from '../db/client.js';
import { AppError, notFound } from '../errors.js';
import { markPiecePublishedIfComplete, type PublishDeps } from '../channels/publish-piece.js';
import { parseSnapshot } from '../pieces/piece-view.js';
import { enqueue, queueEvents } from './queue.js';
import { publishJobKey } from './schedule-piece.js';

/** Pauses or resumes one account: nothing is sent to it while paused; its jobs wait, none is lost. */
export async function setAccountPaused({ db, actor, id, paused }: { db: Db; actor: Actor; id: string; paused: boolean }) {
  const view = await db.$transaction(async (tx) => {
    const before = await tx.channelAccount.findUnique({ where: { id } });
    if (!before) throw notFound('la cuenta', id);
    if (before.status === 'disabled' || before.status === 'reconnect_needed') {
      throw new AppError('illegal_transition', `La cuenta «${before.label}» está ${before.status === 'disabled' ? 'desactivada' : 'por reconectar'}; no se puede ${paused ? 'pausar' : 'reanudar'}.`);
    }
    const after = await tx.channelAccount.update({
      where: { id },
      data: paused ? { status: 'paused', statusReason: 'Pausada por la oficina.' } : { status: 'active', statusReason: null, pausedUntil: null },
    });
    await writeAudit(tx, actor, { action: paused ? 'pause' : 'resume', entityType: 'ChannelAccount', entityId: id, before: toAccountView(before), after: toAccountView(after) });
    return toAccountView(after);
  });
  queueEvents.emit('changed');
  return view;
}

export type BlackoutInput = { reason: string; startsAt: string; endsAt: string };

/** A window in which nothing of the plan is published (e.g. the Ley de Garantías before an election). */
export async function createBlackout({ db, actor, planId, input }: { db: Db; actor: Actor; planId: string; input: BlackoutInput }) {
  const startsAt = new Date(input.startsAt);
  const endsAt = new Date(input.endsAt);
  if (!(endsAt > startsAt)) throw new AppError('unprocessable', 'La veda debe terminar después de empezar.', { details: { field: 'endsAt' } });
  return db.$transaction(async (tx) => {
    if (!(await tx.plan.findUnique({ where: { id: planId }, select: { id: true } }))) throw notFound('el plan', planId);
    const window = await tx.blackoutWindow.create({ data: { planId, reason: input.reason, startsAt, endsAt } });
    // Already scheduled inside it: they will wait for its end (and then be held as missed); say how many.
    const affected = await tx.publication.count({ where: { status: 'pending', scheduledAt: { gte: startsAt, lt: endsAt }, piece: { activity: { subcomponent: { planId } } } } });
    await writeAudit(tx, actor, { action: 'create', entityType: 'BlackoutWindow', entityId: window.id, after: { ...window, affected } });
    return { ...toBlackoutView(window), affectedPublications: affected };
  });
}

export async function deleteBlackout({ db, actor, id }: { db: Db; actor: Actor; id: string }) {
  await db.$transaction(async (tx) => {
    const window = await tx.blackoutWindow.findUnique({ where: { id } });
    if (!window) throw notFound('la veda', id);
    await tx.blackoutWindow.delete({ where: { id } });
    await writeAudit(tx, actor, { action: 'delete', entityType: 'BlackoutWindow', entityId: id, before: window });
  });
  queueEvents.emit('changed');
}

export async function listBlackouts(db: Db, planId: string) {
  return (await db.blackoutWindow.findMany({ where: { planId }, orderBy: { startsAt: 'asc' } })).map(toBlackoutView);
}

function toBlackoutView(w: { id: string; planId: string; reason: string; startsAt: Date; endsAt: Date }) {
  return { id: w.id, planId: w.planId, reason: w.reason, startsAt: w.startsAt.toISOString(), endsAt: w.endsAt.toISOString() };
}

/**
 * A person settles an "unconfirmed" publication: it was posted (they paste its link) or it was
 * not (it is sent again, now). Only unconfirmed ones: anything else has a known state.
 */
export async function resolveUnconfirmed(deps: Pick<PublishDeps, 'db' | 'actor' | 'metrics'>, id: string, decision: { posted: true; url: string } | { posted: false }) {
  const { db } = deps;
  const publication = await db.publication.findUnique({ where: { id }, include: { account: true } });
  if (!publication) throw notFound('la publicación', id);
  if (publication.status !== 'unconfirmed') throw new AppError('illegal_transition', 'Solo se resuelven a mano las publicaciones sin confirmar.', { details: { status: publication.status } });
  if (decision.posted) {
    const url = new URL(decision.url);
    const remoteId = url.searchParams.get('v') ?? url.pathname.split('/').filter(Boolean).at(-1) ?? decision.url;
    const row = await db.$transaction(async (tx) => {
      const publishedAt = publication.attemptStartedAt ?? new Date();
      const metricsDueAt = firstMetricsDueAt(publishedAt, deps.metrics);
      const after = await tx.publication.update({ where: { id }, data: { status: 'published', url: decision.url, remoteId, publishedAt, error: null, progress: null, metricsDueAt } });
      if (metricsDueAt) await scheduleMetricsCollection(tx, publication.accountId, metricsDueAt);
      await writeAudit(tx, deps.actor, { action: 'confirm_published', entityType: 'Publication', entityId: id, after: { url: decision.url, remoteId } });
      return after;
    });
    const piece = await db.piece.findUniqueOrThrow({ where: { id: publication.pieceId } });
    const version = await db.pieceVersion.findUniqueOrThrow({ where: { pieceId_version: { pieceId: piece.id, version: piece.approvedVersion ?? publication.pieceVersion } } });
    await markPiecePublishedIfComplete(deps as PublishDeps, piece.id, parseSnapshot(version.snapshot).variants.map((v) => v.network));
    return toPublicationView(row, publication.account);
  }
  const row = await db.$transaction(async (tx) => {
    const after = await tx.publication.update({ where: { id }, data: { status: 'pending', error: null } });
    await enqueue(tx, { kind: 'publish', key: publishJobKey(id), runAt: new Date(), payload: { publicationId: id }, accountId: publication.accountId });
    await writeAudit(tx, deps.actor, { action: 'confirm_not_published', entityType: 'Publication', entityId: id, after: { status: 'pending' } });
    return after;
  });
  return toPublicationView(row, publication.account);
}
