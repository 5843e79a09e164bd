import type { AuthUser } from '../auth/authenticate.js';
import { can } from '../auth/permissions.js';
import { countAccountsToReconnect, listAccountAlerts } from '../dashboard/accounts.js';
import { countLateActivities, listLateActivities } from '../dashboard/late-activities.js';
import { countPublicationProblems, listPublicationProblems } from '../dashboard/publication-problems.js';
import { countWaitingPieces, listWaitingPieces } from '../dashboard/waiting-pieces.js';
import type { DbOrTx } from '../db/client.js';
import { overdueQuestionsWhere } from '../dialogue/questions/list.js';
import { fromDateOnly } from '../lib/dates.js';
import { networkLabel, publicationStatusLabel } from '../i18n/es.js';

export type NotificationKind = 'review' | 'department_approval' | 'rejected' | 'draft' | 'publication' | 'account' | 'late_activity' | 'overdue_question';

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

/** Late activities wait for those who follow activities up (a department: its own). */
const followsActivities = (user: AuthUser) => can(user.role, 'activity:update');

/**
 * What waits for a person, newest first: pieces to review, to approve as a department,
 * rejected or still in draft (src/dashboard/waiting-pieces.ts); publications to retry or
 * confirm, for those who publish; accounts to reconnect, for those who publish or manage
 * channels; late activities, for those who follow them up; citizens' questions past their
 * answer deadline, for the office and the department they are assigned to.
 * `timeZone` is only the fallback for a plan without one.
 */
export async function listWaiting(db: DbOrTx, auth: Signed, now: Date = new Date(), timeZone = 'America/Bogota'): Promise<Notification[]> {
  const { user } = auth;
  const [pieces, publications, accounts, late, overdue] = await Promise.all([
    listWaitingPieces(db, user, now),
    handlesPublications(user) ? listPublicationProblems(db, user, now) : [],
    listAccountAlerts(db, user, now),
    followsActivities(user) ? listLateActivities(db, user, now, timeZone) : [],
    listOverdueQuestions(db, user, now),
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
    ...late.map((a): Notification => ({
      kind: 'late_activity',
      title: `Actividad atrasada: «${a.description}»`,
      href: `/actividades/${a.id}`,
      // The day after the date it missed.
      at: new Date(fromDateOnly(a.lateness.reason === 'not_finished' ? a.plannedEnd : a.plannedStart)!.getTime() + 86_400_000),
      detail: `${a.lateness.reason === 'not_finished' ? 'Sin terminar' : 'Sin iniciar'}: ${a.lateness.daysLate} ${a.lateness.daysLate === 1 ? 'día' : 'días'} de atraso.`,
    })),
    ...overdue.map((q): Notification => ({
      kind: 'overdue_question',
      title: `Responder la pregunta ciudadana «${q.text.length > 90 ? `${q.text.slice(0, 89)}…` : q.text}»`,
      href: `/preguntas/${q.id}`,
      at: q.since,
      detail: `El plazo para publicar la respuesta venció el ${q.deadline}.`,
    })),
  ];
  return items.sort((a, b) => b.at.getTime() - a.at.getTime());
}

/** The badge's number: `listWaiting(...).length`, from a few count queries. */
export async function countWaiting(db: DbOrTx, auth: Signed, now: Date = new Date(), timeZone = 'America/Bogota'): Promise<number> {
  const { user } = auth;
  const counts = await Promise.all([
    countWaitingPieces(db, user),
    handlesPublications(user) ? countPublicationProblems(db, user) : 0,
    countAccountsToReconnect(db, user),
    followsActivities(user) ? countLateActivities(db, user, now, timeZone) : 0,
    overdueQuestionsWhere(db, user, now).then((o) => (o ? db.citizenQuestion.count({ where: o.where }) : 0)),
  ]);
  return counts.reduce((a, b) => a + b, 0);
}

/** The overdue questions that wait for a person, each with the day its deadline passed. */
async function listOverdueQuestions(db: DbOrTx, user: AuthUser, now: Date) {
  const overdue = await overdueQuestionsWhere(db, user, now);
  if (!overdue) return [];
  const rows = await db.citizenQuestion.findMany({ where: overdue.where, select: { id: true, text: true, planId: true } });
  return rows.map((r) => {
    const deadline = overdue.deadlines.get(r.planId)!;
    return { id: r.id, text: r.text, deadline, since: new Date(fromDateOnly(deadline)!.getTime() + 86_400_000) };
  });
}
