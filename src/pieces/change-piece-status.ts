import { writeAudit, type Actor } from '../audit/write-audit.js';
import { can } from '../auth/permissions.js';
import type { Db, DbOrTx } from '../db/client.js';
import type { Role } from '../generated/prisma/client.js';
import { AppError } from '../errors.js';
import { transitionPiece, type PieceAction } from './lifecycle.js';
import { findPiece, toPieceView, variantContent, type PieceRow } from './piece-view.js';
import { variantErrors } from '../channels/check-variant.js';
import { networkLabel } from '../i18n/es.js';
import { schedulePublications, unschedulePublications } from '../scheduler/schedule-piece.js';

/**
 * Who reviews: the office (a role with `piece:review`) or a department checking the facts of
 * its own activity's piece (`piece:check`; the route's policy already made sure the activity is theirs).
 */
export type ReviewCapacity = 'office' | 'department';

export function reviewCapacityOf(role: Role): ReviewCapacity {
  return can(role, 'piece:review') ? 'office' : 'department';
}

/**
 * Moves a piece through its lifecycle on a person's request. Approval pins the version
 * approved; scheduling needs a time. The read and the write share one transaction, and the
 * write is conditional on the state read, so two reviewers acting at once cannot both move it.
 *
 * When the piece's plan asks for department approval, a version is approved only once both
 * the office and a department of the activity have approved that same version; the first of
 * the two leaves the piece in review with its approval on record.
 */
export async function changePieceStatus({
  db,
  actor,
  id,
  action,
  comment,
  capacity = 'office',
  overrideBlackout = false,
  timeZone = 'America/Bogota',
  now = new Date(),
}: {
  db: Db;
  actor: Actor;
  id: string;
  action: PieceAction;
  comment?: string;
  capacity?: ReviewCapacity;
  /** An administrator scheduling into a blackout window on purpose. */
  overrideBlackout?: boolean;
  /** The office's zone, for the times in messages. */
  timeZone?: string;
  now?: Date;
}) {
  const piece = await db.$transaction(async (tx) => {
    const current = await findPiece(tx, id);
    let to = transitionPiece(current.status, action);
    if (action === 'submit') {
      const issues = await variantErrors(tx, current.variants.map(variantContent));
      if (issues.length > 0) {
        throw new AppError('unprocessable', `Antes de enviar a revisión, corrija: ${issues.map((i) => `${networkLabel[i.network]}: ${i.message}`).join(' ')}`, { details: { issues } });
      }
    }
    if ((action === 'schedule' || action === 'retry') && !current.scheduledAt) {
      throw new AppError('unprocessable', 'Indique la fecha y hora de publicación antes de programar la pieza.', { details: { field: 'scheduledAt' } });
    }
    if (action === 'schedule' && current.scheduledAt && current.scheduledAt.getTime() < now.getTime() - 60_000) {
      throw new AppError('unprocessable', 'La hora de publicación ya pasó; elija una hora futura o use «Publicar ahora».', { details: { field: 'scheduledAt' } });
    }
    if (action === 'approve' || action === 'reject') {
      const departmentApproval = await needsDepartmentApproval(tx, current);
      if (capacity === 'department' && !departmentApproval) {
        throw new AppError('forbidden', 'El plan de esta pieza no pide la aprobación de las dependencias; la aprueba la oficina de comunicaciones.');
      }
      const review = { pieceId: id, version: current.version, reviewerId: actor.userId, decision: action === 'approve' ? ('approved' as const) : ('rejected' as const), comment, asDepartment: capacity === 'department' };
      if (action === 'approve' && (await alreadyApproved(tx, current, capacity))) {
        throw new AppError('conflict', capacity === 'department' ? 'La dependencia ya aprobó esta versión; falta la aprobación de la oficina.' : 'La oficina ya aprobó esta versión; falta la verificación de la dependencia.');
      }
      await tx.pieceReview.create({ data: review });
      if (action === 'approve' && departmentApproval && !(await bothApproved(tx, current))) to = current.status;
    }
    const { count } = await tx.piece.updateMany({
      where: { id, status: current.status, version: current.version },
      data: {
        status: to,
        approvedVersion: action === 'approve' && to === 'approved' ? current.version : action === 'reject' || action === 'reopen' ? null : undefined,
      },
    });
    if (count === 0) throw new AppError('conflict', 'La pieza cambió mientras se procesaba la solicitud; recárguela e inténtelo de nuevo.');
    const after = await findPiece(tx, id);
    // The scheduler's side: jobs for each publication, moved or removed with the piece.
    if (to === 'scheduled' && (action === 'schedule' || action === 'retry')) await schedulePublications(tx, after, { overrideBlackout, timeZone });
    if (action === 'unschedule') await unschedulePublications(tx, id);
    if (action === 'cancel') await unschedulePublications(tx, id, { cancel: true });
    await writeAudit(tx, actor, {
      action,
      entityType: 'Piece',
      entityId: id,
      before: { status: current.status, version: current.version, approvedVersion: current.approvedVersion },
      after: { status: after.status, version: after.version, approvedVersion: after.approvedVersion, comment: comment ?? null, capacity },
    });
    return after;
  });
  return toPieceView(piece);
}

/** Whether the piece's plan asks its activity's departments to approve pieces too. */
export async function needsDepartmentApproval(db: DbOrTx, piece: Pick<PieceRow, 'activityId'>): Promise<boolean> {
  if (!piece.activityId) return false;
  const activity = await db.activity.findUnique({ where: { id: piece.activityId }, select: { subcomponent: { select: { plan: { select: { requireDepartmentApproval: true } } } } } });
  return activity?.subcomponent.plan.requireDepartmentApproval ?? false;
}

async function approvalsOf(db: DbOrTx, piece: Pick<PieceRow, 'id' | 'version'>) {
  return db.pieceReview.findMany({ where: { pieceId: piece.id, version: piece.version, decision: 'approved' }, select: { asDepartment: true } });
}

async function alreadyApproved(db: DbOrTx, piece: Pick<PieceRow, 'id' | 'version'>, capacity: ReviewCapacity) {
  return (await approvalsOf(db, piece)).some((r) => r.asDepartment === (capacity === 'department'));
}

async function bothApproved(db: DbOrTx, piece: Pick<PieceRow, 'id' | 'version'>) {
  const approvals = await approvalsOf(db, piece);
  return approvals.some((r) => r.asDepartment) && approvals.some((r) => !r.asDepartment);
}
