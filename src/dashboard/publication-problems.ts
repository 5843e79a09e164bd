import type { AuthUser } from '../auth/authenticate.js';
import type { DbOrTx } from '../db/client.js';
import type { Network, PublicationStatus } from '../generated/prisma/client.js';
import { pieceScope } from './scope.js';

export const problemStatuses = ['failed', 'unconfirmed', 'held'] as const satisfies PublicationStatus[];

export type PublicationProblem = {
  id: string;
  pieceId: string;
  pieceTitle: string;
  network: Network;
  account: { id: string; label: string; sandbox: boolean };
  status: (typeof problemStatuses)[number];
  error: string | null;
  attempts: number;
  /** When it last changed (the failed attempt, the hold). */
  at: Date;
};

function problemsWhere(user: AuthUser) {
  return { status: { in: [...problemStatuses] }, piece: pieceScope(user) };
}

/** Publications that failed, got no answer, or wait for their account, most recent first. */
export async function listPublicationProblems(db: DbOrTx, user: AuthUser, _now?: Date, _timeZone?: string): Promise<PublicationProblem[]> {
  const rows = await db.publication.findMany({
    where: problemsWhere(user),
    orderBy: { updatedAt: 'desc' },
    select: {
      id: true,
      status: true,
      error: true,
      attempts: true,
      updatedAt: true,
      piece: { select: { id: true, title: true } },
      account: { select: { id: true, label: true, network: true, sandbox: true } },
    },
  });
  return rows.map((p) => ({
    id: p.id,
    pieceId: p.piece.id,
    pieceTitle: p.piece.title,
    network: p.account.network,
    account: { id: p.account.id, label: p.account.label, sandbox: p.account.sandbox },
    status: p.status as PublicationProblem['status'],
    error: p.error,
    attempts: p.attempts,
    at: p.updatedAt,
  }));
}

export function countPublicationProblems(db: DbOrTx, user: AuthUser): Promise<number> {
  return db.publication.count({ where: problemsWhere(user) });
}
