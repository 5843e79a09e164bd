import type { AuthUser } from '../auth/authenticate.js';
import { can } from '../auth/permissions.js';
import { countAccountsToReconnect, listAccountAlerts } from '../dashboard/accounts.js';
import { countPublicationProblems, listPublicationProblems } from '../dashboard/publication-problems.js';
import { countWaitingPieces, listWaitingPieces } from '../dashboard/waiting-pieces.js';
import type { DbOrTx } from '../db/client.js';
import { networkLabel, publicationStatusLabel } from '../i18n/es.js';

export type NotificationKind = 'review' | 'department_approval' | 'rejected' | 'draft' | 'publication' | 'account';

/** One thing that waits for a person, as the list at /pendientes shows it. */
export type Notification = {
  kind: NotificationKind;
  /** What to do, in Spanish: the link's text. */
  title: string;
  href: string;
  /** Since when it waits. */
  at: Date;
  /** A reviewer's comment, a publication's error, an account's reason. */
  detail: string | null;
};

type Signed = { user: AuthUser };

/** Failed, unconfirmed and held publications wait for those who publish. */
const handlesPublications = (user: AuthUser) => can(user.role, 'piece:publish');

/**
 * What waits for a person, newest first: pieces to review, to approve as a department,
 * rejected or still in draft (src/dashboard/waiting-pieces.ts); publications to retry or
 * confirm, for those who publish; accounts to reconnect, for those who publish or manage
 * channels. Late activities are on the dashboard, not here.
 */
export async function listWaiting(db: DbOrTx, auth: Signed, now: Date = new Date()): Promise<Notification[]> {
  const { user } = auth;
  const [pieces, publications, accounts] = await Promise.all([
    listWaitingPieces(db, user, now),
    handlesPublications(user) ? listPublicationProblems(db, user, now) : [],
    listAccountAlerts(db, user, now),
  ]);
  const items: Notification[] = [
    ...pieces.map((p): Notification => {
      const href = `/piezas/${p.pieceId}`;
      switch (p.reason) {
        case 'review':
          return { kind: 'review', title: `Revisar «${p.title}»`, href, at: p.since, detail: null };
        case 'department_approval':
          return { kind: 'department_approval', title: `Aprobar como dependencia «${p.title}»`, href, at: p.since, detail: null };
        case 'rejected':
          return { kind: 'rejected', title: `Corregir «${p.title}», rechazada`, href, at: p.since, detail: p.comment && (p.reviewerName ? `${p.reviewerName}: ${p.comment}` : p.comment) };
        case 'draft':
          return { kind: 'draft', title: `Terminar y enviar a revisión «${p.title}»`, href, at: p.since, detail: null };
      }
    }),
    ...publications.map((p): Notification => ({
      kind: 'publication',
      title: `Publicación de «${p.pieceTitle}» en ${networkLabel[p.network]}: ${publicationStatusLabel[p.status].toLowerCase()}`,
      href: `/piezas/${p.pieceId}#publicaciones`,
      at: p.at,
      detail: p.error,
    })),
    ...(accounts ?? [])
      .filter((a) => a.needsReconnect)
      .map((a): Notification => ({ kind: 'account', title: `Reconectar la cuenta «${a.label}» de ${networkLabel[a.network]}`, href: '/canales', at: a.at, detail: a.reason })),
  ];
  return items.sort((a, b) => b.at.getTime() - a.at.getTime());
}

/** The badge's number: `listWaiting(...).length`, from a few count queries. */
export async function countWaiting(db: DbOrTx, auth: Signed, _now: Date = new Date()): Promise<number> {
  const { user } = auth;
  const counts = await Promise.all([
    countWaitingPieces(db, user),
    handlesPublications(user) ? countPublicationProblems(db, user) : 0,
    countAccountsToReconnect(db, user),
  ]);
  return counts.reduce((a, b) => a + b, 0);
}
