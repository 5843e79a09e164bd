import { AppError } from '../errors.js';
import type { PieceStatus } from '../generated/prisma/client.js';
import { pieceActionLabel, pieceStatusLabel } from '../i18n/es.js';

export type PieceAction = keyof typeof pieceActionLabel;

/**
 * Every legal move of a piece. What is not in this table is illegal. `edit` is a content
 * change: it sends an approved (or scheduled, or failed) piece back to review, because what
 * is published must be exactly what was approved.
 */
const transitions: Record<PieceStatus, Partial<Record<PieceAction, PieceStatus>>> = {
  draft: { edit: 'draft', submit: 'in_review', cancel: 'cancelled' },
  in_review: { edit: 'in_review', approve: 'approved', reject: 'draft', withdraw: 'draft', cancel: 'cancelled' },
  approved: { edit: 'in_review', schedule: 'scheduled', publish: 'published', reopen: 'draft', cancel: 'cancelled' },
  scheduled: { edit: 'in_review', unschedule: 'approved', publish: 'published', fail: 'failed', cancel: 'cancelled' },
  failed: { edit: 'in_review', retry: 'scheduled', publish: 'published', reopen: 'draft', cancel: 'cancelled' },
  published: {},
  cancelled: { reopen: 'draft' },
};

export type TransitionResult = { ok: true; to: PieceStatus } | { ok: false; allowed: PieceAction[] };

export function nextPieceStatus(from: PieceStatus, action: PieceAction): TransitionResult {
  const to = transitions[from][action];
  if (to) return { ok: true, to };
  return { ok: false, allowed: allowedActions(from) };
}

export function allowedActions(from: PieceStatus): PieceAction[] {
  return Object.keys(transitions[from]) as PieceAction[];
}

/** The same as `nextPieceStatus`, but an illegal move is the 409 the API answers. */
export function transitionPiece(from: PieceStatus, action: PieceAction): PieceStatus {
  const result = nextPieceStatus(from, action);
  if (result.ok) return result.to;
  const message =
    from === 'published' && action === 'edit'
      ? 'Una pieza publicada no se puede modificar.'
      : `No se puede ${pieceActionLabel[action]} una pieza en estado «${pieceStatusLabel[from]}».`;
  throw new AppError('illegal_transition', message, { details: { from, action, allowed: result.allowed } });
}
