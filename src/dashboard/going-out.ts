import type { AuthUser } from '../auth/authenticate.js';
import type { DbOrTx } from '../db/client.js';
import type { Network, PieceKind, PieceStatus } from '../generated/prisma/client.js';
import { fromLocalDateTime, todayIn } from '../lib/dates.js';
import { pieceScope } from './scope.js';
import { sortNetworks } from './waiting-pieces.js';

export type OutgoingPiece = {
  pieceId: string;
  title: string;
  kind: PieceKind;
  status: PieceStatus;
  /** The earliest time in the window at which the piece, or one of its publications, is scheduled. */
  at: Date;
  networks: Network[];
  activity: { id: string; description: string } | null;
};

export type GoingOut = {
  /** Today in the office's zone, `YYYY-MM-DD`. */
  today: string;
  /** The last day of "this week": today + 7. */
  weekEnd: string;
  todayItems: OutgoingPiece[];
  /** The next 7 days after today. */
  weekItems: OutgoingPiece[];
};

/** A calendar date `n` days after `date` (both `YYYY-MM-DD`). */
export function addDays(date: string, n: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
}

/** The instant a calendar day starts in a zone. */
export function startOfDay(date: string, timeZone: string): Date {
  return fromLocalDateTime(`${date}T00:00`, timeZone)!;
}

/**
 * "Goes out today / this week": pieces scheduled (the piece's time or one of its
 * publications') today and in the 7 days after, with "today" and the day boundaries in
 * the office's zone. Cancelled pieces and publications are left out.
 */
export async function listGoingOut(db: DbOrTx, user: AuthUser, now: Date, timeZone: string): Promise<GoingOut> {
  const today = todayIn(timeZone, now);
  const weekEnd = addDays(today, 7);
  const from = startOfDay(today, timeZone);
  const tomorrow = startOfDay(addDays(today, 1), timeZone);
  const until = startOfDay(addDays(today, 8), timeZone);
  const inWindow = { gte: from, lt: until };
  const rows = await db.piece.findMany({
    where: {
      ...pieceScope(user),
      status: { not: 'cancelled' },
      OR: [{ scheduledAt: inWindow }, { publications: { some: { scheduledAt: inWindow, status: { not: 'cancelled' } } } }],
    },
    select: {
      id: true,
      title: true,
      kind: true,
      status: true,
      scheduledAt: true,
      activity: { select: { id: true, description: true } },
      variants: { select: { network: true } },
      publications: { where: { scheduledAt: inWindow, status: { not: 'cancelled' } }, select: { scheduledAt: true, account: { select: { network: true } } } },
    },
  });
  const items = rows.map((p): OutgoingPiece => {
    const times = [p.scheduledAt, ...p.publications.map((pub) => pub.scheduledAt)]
      .filter((d): d is Date => d !== null && d >= from && d < until)
      .map((d) => d.getTime());
    return {
      pieceId: p.id,
      title: p.title,
      kind: p.kind,
      status: p.status,
      at: new Date(Math.min(...times)),
      networks: sortNetworks([...p.variants.map((v) => v.network), ...p.publications.map((pub) => pub.account.network)]),
      activity: p.activity,
    };
  });
  items.sort((a, b) => a.at.getTime() - b.at.getTime() || a.title.localeCompare(b.title, 'es'));
  return { today, weekEnd, todayItems: items.filter((i) => i.at < tomorrow), weekItems: items.filter((i) => i.at >= tomorrow) };
}
