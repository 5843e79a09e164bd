import type { AuthUser } from '../auth/authenticate.js';
import { can } from '../auth/permissions.js';
import type { DbOrTx } from '../db/client.js';
import type { Network, PieceKind, PieceStatus, Prisma } from '../generated/prisma/client.js';
import { reviewCapacityOf, type ReviewCapacity } from '../pieces/change-piece-status.js';
import { activityScope, pieceScope } from './scope.js';

/**
 * Why a piece waits for someone:
 * - `review`: it is in review and the office (the person may approve) has not approved its current version;
 * - `department_approval`: its plan asks the activity's department to approve it too, the activity is
 *   one of the person's departments, and no department has approved its current version;
 * - `rejected`: it is theirs, and a reviewer sent it back to draft with a comment;
 * - `draft`: it is theirs and has not been sent to review.
 */
export type WaitingReason = 'review' | 'department_approval' | 'rejected' | 'draft';

export type WaitingPiece = {
  reason: WaitingReason;
  pieceId: string;
  title: string;
  kind: PieceKind;
  status: PieceStatus;
  version: number;
  activity: { id: string; description: string } | null;
  networks: Network[];
  /** Since when it waits: the rejection's time, else the piece's last change. */
  since: Date;
  /** The reviewer's comment and name, for a rejected piece. */
  comment: string | null;
  reviewerName: string | null;
};

const networkOrder: Network[] = ['x', 'facebook', 'youtube', 'website'];
export function sortNetworks(networks: Iterable<Network>): Network[] {
  const set = new Set(networks);
  return networkOrder.filter((n) => set.has(n));
}

const pieceSelect = {
  id: true,
  title: true,
  kind: true,
  status: true,
  version: true,
  updatedAt: true,
  activity: { select: { id: true, description: true } },
  variants: { select: { network: true } },
} satisfies Prisma.PieceSelect;
type PieceFacts = Prisma.PieceGetPayload<{ select: typeof pieceSelect }>;

function item(p: PieceFacts, reason: WaitingReason, extra: Partial<Pick<WaitingPiece, 'since' | 'comment' | 'reviewerName'>> = {}): WaitingPiece {
  return {
    reason,
    pieceId: p.id,
    title: p.title,
    kind: p.kind,
    status: p.status,
    version: p.version,
    activity: p.activity,
    networks: sortNetworks(p.variants.map((v) => v.network)),
    since: extra.since ?? p.updatedAt,
    comment: extra.comment ?? null,
    reviewerName: extra.reviewerName ?? null,
  };
}

// ------------------------------------------------------------------ the filters, one per reason
//
// Approval (src/pieces/change-piece-status.ts): the office (`piece:review`) approves a version;
// when the piece's plan asks for it, a department of the activity (`piece:check`, reviewing as
// 'department') approves the same version too, and the piece stays in review until both have.
// Each approval is a PieceReview { decision: 'approved', version, asDepartment }.

/** Whose approval a person gives: the office's, the department's, or none. */
export function approvalCapacity(user: AuthUser): ReviewCapacity | null {
  if (can(user.role, 'piece:review')) return 'office';
  if (can(user.role, 'piece:check') && reviewCapacityOf(user.role) === 'department') return 'department';
  return null;
}

/** Pieces in review that may wait for this person's approval (before dropping those already approved in their capacity). */
export function awaitingApprovalWhere(user: AuthUser, capacity: ReviewCapacity): Prisma.PieceWhereInput {
  if (capacity === 'office') return { ...pieceScope(user), status: 'in_review' };
  const scope = activityScope(user) ?? {};
  return { status: 'in_review', activity: { is: { AND: [scope, { subcomponent: { plan: { requireDepartmentApproval: true } } }] } } };
}

/** The approvals that count in a capacity: a piece with one at its current version no longer waits. */
function approvalsIn(capacity: ReviewCapacity) {
  return { where: { decision: 'approved' as const, asDepartment: capacity === 'department' }, select: { version: true } };
}

function stillWaiting(p: { version: number; reviews: { version: number }[] }): boolean {
  return !p.reviews.some((r) => r.version === p.version);
}

/** The person's own drafts (rejected ones among them), for those who write pieces. */
export function ownDraftsWhere(user: AuthUser): Prisma.PieceWhereInput | null {
  if (!can(user.role, 'piece:write')) return null;
  return { ...pieceScope(user), status: 'draft', ownerId: user.id };
}

// ------------------------------------------------------------------ the panel

/** "Waiting for me": what the signed-in person has to review, approve, fix or send, newest first. */
export async function listWaitingPieces(db: DbOrTx, user: AuthUser, _now: Date = new Date(), _timeZone?: string): Promise<WaitingPiece[]> {
  const capacity = approvalCapacity(user);
  const drafts = ownDraftsWhere(user);
  const [toApprove, own] = await Promise.all([
    capacity ? db.piece.findMany({ where: awaitingApprovalWhere(user, capacity), select: { ...pieceSelect, reviews: approvalsIn(capacity) } }) : [],
    drafts
      ? db.piece.findMany({
          where: drafts,
          select: {
            ...pieceSelect,
            // The last decision on it: a rejection sent it back to draft.
            reviews: {
              where: { decision: { in: ['approved', 'rejected'] } },
              orderBy: { createdAt: 'desc' },
              take: 1,
              select: { decision: true, comment: true, createdAt: true, reviewer: { select: { name: true } } },
            },
          },
        })
      : [],
  ]);
  const reason: WaitingReason = capacity === 'department' ? 'department_approval' : 'review';
  const items: WaitingPiece[] = [
    ...toApprove.filter(stillWaiting).map((p) => item(p, reason)),
    ...own.map((p) => {
      const last = p.reviews[0];
      return last?.decision === 'rejected' ? item(p, 'rejected', { since: last.createdAt, comment: last.comment, reviewerName: last.reviewer?.name ?? null }) : item(p, 'draft');
    }),
  ];
  return items.sort((a, b) => b.since.getTime() - a.since.getTime() || a.title.localeCompare(b.title, 'es'));
}

/** How many pieces wait for the person: the same as `listWaitingPieces(...).length`, with a count and one narrow read. */
export async function countWaitingPieces(db: DbOrTx, user: AuthUser): Promise<number> {
  const capacity = approvalCapacity(user);
  const drafts = ownDraftsWhere(user);
  const [toApprove, own] = await Promise.all([
    capacity ? db.piece.findMany({ where: awaitingApprovalWhere(user, capacity), select: { version: true, reviews: approvalsIn(capacity) } }) : [],
    drafts ? db.piece.count({ where: drafts }) : 0,
  ]);
  return toApprove.filter(stillWaiting).length + own;
}
