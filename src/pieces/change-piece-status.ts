import type { Db } from '../db/client.js';
import { AppError } from '../errors.js';
import { transitionPiece, type PieceAction } from './lifecycle.js';
import { findPiece, toPieceView } from './piece-view.js';

/**
 * Moves a piece through its lifecycle on a person's request. Approval pins the version
 * approved; scheduling needs a time. The read and the write share one transaction so two
 * reviewers acting at once cannot both move the same state.
 */
export async function changePieceStatus({ db, id, action, comment }: { db: Db; id: string; action: PieceAction; comment?: string }) {
  const piece = await db.$transaction(async (tx) => {
    const current = await findPiece(tx, id);
    const to = transitionPiece(current.status, action);
    if (action === 'schedule' || action === 'retry') {
      if (!current.scheduledAt) {
        throw new AppError('unprocessable', 'Indique la fecha y hora de publicación antes de programar la pieza.', { details: { field: 'scheduledAt' } });
      }
    }
    if (action === 'approve' || action === 'reject') {
      await tx.pieceReview.create({ data: { pieceId: id, version: current.version, decision: action === 'approve' ? 'approved' : 'rejected', comment } });
    }
    // A conditional update: if another request moved the piece meanwhile, nothing changes.
    const { count } = await tx.piece.updateMany({
      where: { id, status: current.status, version: current.version },
      data: {
        status: to,
        approvedVersion: action === 'approve' ? current.version : action === 'reject' || action === 'reopen' ? null : undefined,
      },
    });
    if (count === 0) throw new AppError('conflict', 'La pieza cambió mientras se procesaba la solicitud; recárguela e inténtelo de nuevo.');
    return findPiece(tx, id);
  });
  return toPieceView(piece);
}
