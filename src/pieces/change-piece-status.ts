import { writeAudit, type Actor } from '../audit/write-audit.js';
import type { Db } from '../db/client.js';
import { AppError } from '../errors.js';
import { transitionPiece, type PieceAction } from './lifecycle.js';
import { findPiece, toPieceView } from './piece-view.js';

/**
 * Moves a piece through its lifecycle on a person's request. Approval pins the version
 * approved; scheduling needs a time. The read and the write share one transaction, and the
 * write is conditional on the state read, so two reviewers acting at once cannot both move it.
 */
export async function changePieceStatus({ db, actor, id, action, comment }: { db: Db; actor: Actor; id: string; action: PieceAction; comment?: string }) {
  const piece = await db.$transaction(async (tx) => {
    const current = await findPiece(tx, id);
    const to = transitionPiece(current.status, action);
    if ((action === 'schedule' || action === 'retry') && !current.scheduledAt) {
      throw new AppError('unprocessable', 'Indique la fecha y hora de publicación antes de programar la pieza.', { details: { field: 'scheduledAt' } });
    }
    if (action === 'approve' || action === 'reject') {
      await tx.pieceReview.create({
        data: { pieceId: id, version: current.version, reviewerId: actor.userId, decision: action === 'approve' ? 'approved' : 'rejected', comment },
      });
    }
    const { count } = await tx.piece.updateMany({
      where: { id, status: current.status, version: current.version },
      data: {
        status: to,
        approvedVersion: action === 'approve' ? current.version : action === 'reject' || action === 'reopen' ? null : undefined,
      },
    });
    if (count === 0) throw new AppError('conflict', 'La pieza cambió mientras se procesaba la solicitud; recárguela e inténtelo de nuevo.');
    const after = await findPiece(tx, id);
    await writeAudit(tx, actor, {
      action,
      entityType: 'Piece',
      entityId: id,
      before: { status: current.status, version: current.version, approvedVersion: current.approvedVersion },
      after: { status: after.status, version: after.version, approvedVersion: after.approvedVersion, comment: comment ?? null },
    });
    return after;
  });
  return toPieceView(piece);
}
