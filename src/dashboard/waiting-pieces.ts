import type { AuthUser } from '../auth/authenticate.js';
import { can, departmentScopedRoles } from '../auth/permissions.js';
import type { DbOrTx } from '../db/client.js';
import type { Network, PieceKind, PieceStatus, Prisma } from '../generated/prisma/client.js';
import { activityScope, pieceScope } from './scope.js';

/**
 * Why a piece waits for someone:
 * - `review`: it is in review and the person may approve or reject it;
 * - `department_approval`: the plan asks the responsible department to approve it too, and it is one of theirs;
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

/** In review and not yet approved at its current version, for those who may review. */
export function reviewWhere(db: DbOrTx, user: AuthUser): Prisma.PieceWhereInput | null {
  if (!can(user.role, 'piece:review')) return null;
  return {
    ...pieceScope(user),
    status: 'in_review',
    OR: [{ approvedVersion: null }, { approvedVersion: { lt: db.piece.fields.version } }],
  };
}

/**
 * When a plan requires department approval, a piece in review of an activity of a
 * department user's departments waits for them too. Department approval is being built
 * elsewhere: this filter and `approvedByDepartment` are the two places to adjust once it
 * records its decisions (today: an 'approved' PieceReview by this user at the current version).
 */
export function departmentApprovalWhere(user: AuthUser): Prisma.PieceWhereInput | null {
  const scope = activityScope(user);
  if (!scope || !departmentScopedRoles.includes(user.role)) return null;
  return { status: 'in_review', activity: { is: { AND: [scope, { subcomponent: { plan: { requireDepartmentApproval: true } } }] } } };
}

function approvedByDepartment(p: { version: number; reviews: { version: number }[] }): boolean {
  return p.reviews.some((r) => r.version === p.version);
}

function departmentReviewsOf(user: AuthUser) {
  return { where: { reviewerId: user.id, decision: 'approved' as const }, select: { version: true } };
}

/** The person's own drafts (rejected ones among them), for those who write pieces. */
export function ownDraftsWhere(user: AuthUser): Prisma.PieceWhereInput | null {
  if (!can(user.role, 'piece:write')) return null;
  return { ...pieceScope(user), status: 'draft', ownerId: user.id };
}

// ------------------------------------------------------------------ the panel

/** "Waiting for me": what the signed-in person has to review, approve, fix or send, newest first. */
export async function listWaitingPieces(db: DbOrTx, user: AuthUser, _now: Date = new Date(), _timeZone?: string): Promise<WaitingPiece[]> {
  const review = reviewWhere(db, user);
  const department = departmentApprovalWhere(user);
  const drafts = ownDraftsWhere(user);
  const [toReview, toApprove, own] = await Promise.all([
    review ? db.piece.findMany({ where: review, select: pieceSelect }) : [],
    department ? db.piece.findMany({ where: department, select: { ...pieceSelect, reviews: departmentReviewsOf(user) } }) : [],
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
  const items: WaitingPiece[] = [
    ...toReview.map((p) => item(p, 'review')),
    ...toApprove.filter((p) => !approvedByDepartment(p) && !toReview.some((r) => r.id === p.id)).map((p) => item(p, 'department_approval')),
    ...own.map((p) => {
      const last = p.reviews[0];
      return last?.decision === 'rejected' ? item(p, 'rejected', { since: last.createdAt, comment: last.comment, reviewerName: last.reviewer?.name ?? null }) : item(p, 'draft');
    }),
  ];
  return items.sort((a, b) => b.since.getTime() - a.since.getTime() || a.title.localeCompare(b.title, 'es'));
}

/** How many pieces wait for the person: the same as `listWaitingPieces(...).length`, with counts. */
export async function countWaitingPieces(db: DbOrTx, user: AuthUser): Promise<number> {
  const review = reviewWhere(db, user);
  const department = departmentApprovalWhere(user);
  const drafts = ownDraftsWhere(user);
  const [toReview, toApprove, own] = await Promise.all([
    review ? db.piece.count({ where: review }) : 0,
    department
      ? db.piece.findMany({ where: review ? { AND: [department, { NOT: review }] } : department, select: { version: true, reviews: departmentReviewsOf(user) } })
      : [],
    drafts ? db.piece.count({ where: drafts }) : 0,
  ]);
  return toReview + toApprove.filter((p) => !approvedByDepartment(p)).length + own;
}
