import type { DbOrTx } from '../db/client.js';
import type { Network, PieceKind, PieceStatus, Prisma } from '../generated/prisma/client.js';
import { pieceInclude, toPieceView } from './piece-view.js';

export type PieceFilter = {
  planId?: string;
  activityId?: string;
  kind?: PieceKind;
  status?: PieceStatus;
  network?: Network;
  from?: string;
  to?: string;
  limit: number;
  offset: number;
};

/** Pieces by scheduled time (unscheduled last), then newest first. */
export async function listPieces(db: DbOrTx, f: PieceFilter) {
  const where: Prisma.PieceWhereInput = {
    activityId: f.activityId,
    kind: f.kind,
    status: f.status,
    activity: f.planId ? { subcomponent: { planId: f.planId } } : undefined,
    variants: f.network ? { some: { network: f.network } } : undefined,
    scheduledAt: f.from || f.to ? { gte: f.from ? new Date(f.from) : undefined, lt: f.to ? new Date(f.to) : undefined } : undefined,
  };
  const [total, rows] = await Promise.all([
    db.piece.count({ where }),
    db.piece.findMany({
      where,
      include: pieceInclude,
      orderBy: [{ scheduledAt: { sort: 'asc', nulls: 'last' } }, { createdAt: 'desc' }],
      take: f.limit,
      skip: f.offset,
    }),
  ]);
  return { total, items: rows.map(toPieceView) };
}
