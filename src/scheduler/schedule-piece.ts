import type { DbOrTx } from '../db/client.js';
import type { Plan } from '../generated/prisma/client.js';
import { AppError } from '../errors.js';
import { defaultAccount } from '../channels/publish-piece.js';
import { channelFor } from '../channels/registry.js';
import { parseSnapshot, type PieceRow } from '../pieces/piece-view.js';
import { formatDateTime } from '../web/format.js';
import { dequeue, enqueue } from './queue.js';

export const publishJobKey = (publicationId: string) => `publish:${publicationId}`;

const PLAN_CACHE_MS = 10_000;
const planCache = new Map<string, { at: number; plan: Plan | null }>();

/**
 * The plan a piece belongs to (through its activity): its zone, grace period and blackout
 * windows. Kept for a few seconds: the scheduler asks for every publication, and plan
 * settings change rarely (blackout windows are always read fresh, by blackoutAt).
 */
export async function planOfPiece(db: DbOrTx, piece: Pick<PieceRow, 'activityId'>): Promise<Plan | null> {
  if (!piece.activityId) return null;
  const cached = planCache.get(piece.activityId);
  if (cached && Date.now() - cached.at < PLAN_CACHE_MS) return cached.plan;
  const activity = await db.activity.findUnique({ where: { id: piece.activityId }, select: { subcomponent: { select: { plan: true } } } });
  const plan = activity?.subcomponent.plan ?? null;
  planCache.set(piece.activityId, { at: Date.now(), plan });
  return plan;
}

/** The blackout window (e.g. the Ley de Garantías) of the piece's plan that contains `at`, if any. */
export async function blackoutAt(db: DbOrTx, planId: string | null, at: Date) {
  if (!planId) return null;
  return db.blackoutWindow.findFirst({ where: { planId, startsAt: { lte: at }, endsAt: { gt: at } }, orderBy: { endsAt: 'desc' } });
}

/**
 * A scheduled piece gets one publication per variant of its approved version (on the
 * network's account) and one job per publication due at the piece's time. Scheduling again
 * (a new time) moves the same jobs. A time inside a blackout window is refused unless an
 * administrator overrides it; a network without a usable account is refused too (422).
 */
export async function schedulePublications(tx: DbOrTx, piece: PieceRow, { overrideBlackout = false, timeZone }: { overrideBlackout?: boolean; timeZone: string }) {
  if (!piece.scheduledAt || piece.approvedVersion === null) return;
  const plan = await planOfPiece(tx, piece);
  const blackout = await blackoutAt(tx, plan?.id ?? null, piece.scheduledAt);
  if (blackout && !overrideBlackout) {
    const zone = plan?.timeZone ?? timeZone;
    throw new AppError(
      'unprocessable',
      `La hora elegida cae en la veda «${blackout.reason}» (del ${formatDateTime(blackout.startsAt.toISOString(), zone)} al ${formatDateTime(blackout.endsAt.toISOString(), zone)}, ${zone}); no se publica nada en ella. Un administrador puede forzarla.`,
      { details: { field: 'scheduledAt', blackoutId: blackout.id } },
    );
  }
  const version = await tx.pieceVersion.findUniqueOrThrow({ where: { pieceId_version: { pieceId: piece.id, version: piece.approvedVersion } } });
  for (const variant of parseSnapshot(version.snapshot).variants) {
    const variantRow = piece.variants.find((v) => v.network === variant.network);
    if (!variantRow) continue;
    const account = await defaultAccount(tx, channelFor(variant.network));
    const existing = await tx.publication.findUnique({ where: { variantId_accountId: { variantId: variantRow.id, accountId: account.id } } });
    if (existing && ['published', 'publishing', 'unconfirmed'].includes(existing.status)) continue;
    const publication = existing
      ? await tx.publication.update({ where: { id: existing.id }, data: { scheduledAt: piece.scheduledAt, status: 'pending', pieceVersion: piece.approvedVersion } })
      : await tx.publication.create({ data: { pieceId: piece.id, variantId: variantRow.id, accountId: account.id, pieceVersion: piece.approvedVersion, status: 'pending', scheduledAt: piece.scheduledAt } });
    // A retried piece whose time has passed goes out now.
    const runAt = new Date(Math.max(piece.scheduledAt.getTime(), Date.now()));
    await enqueue(tx, { kind: 'publish', key: publishJobKey(publication.id), runAt, payload: { publicationId: publication.id }, accountId: account.id });
  }
}

/** Takes a piece's publications off the schedule (unscheduled, cancelled or changed): their queued jobs go, nothing already sent changes. */
export async function unschedulePublications(tx: DbOrTx, pieceId: string, { cancel = false }: { cancel?: boolean } = {}) {
  const publications = await tx.publication.findMany({ where: { pieceId, status: { in: ['pending', 'failed', 'held'] } } });
  for (const p of publications) {
    await dequeue(tx, publishJobKey(p.id));
    await tx.publication.update({ where: { id: p.id }, data: cancel ? { status: 'cancelled' } : { scheduledAt: null } });
  }
}
