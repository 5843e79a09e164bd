import type { Actor } from '../../audit/write-audit.js';
import type { Db, DbOrTx } from '../../db/client.js';
import { AppError, notFound } from '../../errors.js';
import { createEvent, updateEvent } from '../../events/events.js';
import type { Event } from '../../generated/prisma/client.js';
import { findPlanHearing } from '../../plan/derive-dates.js';

/**
 * The public hearing of a plan is an Event of kind public_hearing (src/events): this module
 * adds what the hearing page needs around it — the agenda as ordered items with times, the
 * activity it belongs to, and the link citizens are sent to.
 */

export { findPlanHearing };

export const DEFAULT_HEARING_TITLE = 'Audiencia pública de rendición de cuentas';

export type AgendaItem = { time: string; title: string };

const AGENDA_LINE = /^(\d{1,2}):(\d{2})\s*(?:[-–—·.:]\s*)?(.+)$/;

/** The stored agenda (one item a line, "09:00 Instalación") as items; lines without a time keep time ''. */
export function parseAgenda(text: string | null | undefined): AgendaItem[] {
  return (text ?? '')
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter(Boolean)
    .map((line) => {
      const m = AGENDA_LINE.exec(line);
      return m ? { time: `${m[1]!.padStart(2, '0')}:${m[2]}`, title: m[3]!.trim() } : { time: '', title: line };
    });
}

/** Items as stored in Event.agenda: "HH:mm Título", one a line (readable by the API and the public page). */
export function formatAgenda(items: AgendaItem[]): string {
  return items.map((i) => (i.time ? `${i.time} ${i.title}` : i.title)).join('\n');
}

/**
 * Checks the agenda typed in the form: every item has a time (HH:mm) and a title; blank rows
 * are dropped; items come back in order of time (the order of the day).
 */
export function checkAgenda(rows: { time: string; title: string }[]): AgendaItem[] {
  const items: AgendaItem[] = [];
  rows.forEach((row, i) => {
    const time = row.time.trim();
    const title = row.title.trim().replace(/\s+/g, ' ');
    if (!time && !title) return;
    const m = /^(\d{1,2}):(\d{2})$/.exec(time);
    if (!m || Number(m[1]) > 23 || Number(m[2]) > 59) {
      throw new AppError('unprocessable', `Punto ${i + 1} del orden del día: indique la hora como HH:MM (por ejemplo 09:30).`, { details: { field: `agenda.${i}.time` } });
    }
    if (!title) throw new AppError('unprocessable', `Punto ${i + 1} del orden del día: falta el tema.`, { details: { field: `agenda.${i}.title` } });
    if (title.length > 300) throw new AppError('unprocessable', `Punto ${i + 1} del orden del día: el tema es demasiado largo (máximo 300 caracteres).`, { details: { field: `agenda.${i}.title` } });
    items.push({ time: `${m[1]!.padStart(2, '0')}:${m[2]}`, title });
  });
  if (items.length > 40) throw new AppError('unprocessable', 'El orden del día admite hasta 40 puntos.', { details: { field: 'agenda' } });
  return items.map((item, i) => ({ item, i })).sort((a, b) => a.item.time.localeCompare(b.item.time) || a.i - b.i).map(({ item }) => item);
}

/** The plan the hearing pages work on: the one asked for, else the latest; null when there is none. */
export async function resolvePlan(db: DbOrTx, planId?: string | null) {
  if (planId) {
    const plan = await db.plan.findUnique({ where: { id: planId }, select: { id: true, title: true, timeZone: true } });
    if (!plan) throw notFound('el plan', planId);
    return plan;
  }
  return db.plan.findFirst({ orderBy: { createdAt: 'desc' }, select: { id: true, title: true, timeZone: true } });
}

/** The activity a new hearing belongs to: the plan's "…audiencia pública…" one, if it has it. */
export async function defaultHearingActivityId(db: DbOrTx, planId: string): Promise<string | null> {
  const activities = await db.activity.findMany({
    where: { subcomponent: { planId } },
    select: { id: true, description: true },
    orderBy: [{ subcomponent: { position: 'asc' } }, { position: 'asc' }],
  });
  const found = activities.find((a) => /audiencia p[úu]blica/i.test(a.description)) ?? activities.find((a) => /audiencia/i.test(a.description) && !/respuesta/i.test(a.description));
  return found?.id ?? null;
}

/** The public page of the hearing for citizens (the /participa pages). */
export function participaUrl(publicUrl: string): string {
  return `${publicUrl.replace(/\/+$/, '')}/participa`;
}

/** Where citizens are sent to watch: the scheduled stream, or /participa while there is none. */
export function watchLink(event: Pick<Event, 'watchUrl'>, publicUrl: string): string {
  return event.watchUrl || participaUrl(publicUrl);
}

export type HearingInput = {
  title: string;
  startsAt: Date;
  endsAt: Date | null;
  place: string | null;
  /** Undefined keeps the saved agenda. */
  agenda?: AgendaItem[];
  /** Undefined keeps the saved activity (a new hearing gets the plan's hearing activity). */
  activityId?: string | null;
  description?: string | null;
  recordingUrl?: string | null;
};

/**
 * Creates the plan's hearing, or updates it when it exists (`eventId` must then be that
 * event). The event services check the dates and the activity and write the audit entry.
 */
export async function saveHearing({ db, actor, planId, eventId, input }: { db: Db; actor: Actor; planId: string; eventId?: string | null; input: HearingInput }): Promise<{ event: Event; created: boolean }> {
  const title = input.title.trim();
  if (title.length < 3) throw new AppError('unprocessable', 'Escriba el nombre de la audiencia (al menos 3 caracteres).', { details: { field: 'title' } });
  if (title.length > 300) throw new AppError('unprocessable', 'El nombre de la audiencia es demasiado largo (máximo 300 caracteres).', { details: { field: 'title' } });
  if (input.place && input.place.length > 300) throw new AppError('unprocessable', 'El lugar es demasiado largo (máximo 300 caracteres).', { details: { field: 'place' } });
  if (input.recordingUrl && !/^https?:\/\/\S+$/.test(input.recordingUrl)) {
    throw new AppError('unprocessable', 'El enlace de la grabación debe ser una dirección web completa (https://…).', { details: { field: 'recordingUrl' } });
  }
  const existing = eventId ? await db.event.findUnique({ where: { id: eventId } }) : await findPlanHearing(db, planId);
  if (eventId && !existing) throw notFound('el evento', eventId);
  const activityId = input.activityId !== undefined ? input.activityId : existing ? existing.activityId : await defaultHearingActivityId(db, planId);
  const fields = {
    title,
    kind: 'public_hearing' as const,
    startsAt: input.startsAt.toISOString(),
    endsAt: input.endsAt ? input.endsAt.toISOString() : null,
    place: input.place?.trim() || null,
    activityId,
    ...(input.agenda !== undefined ? { agenda: input.agenda.length ? formatAgenda(input.agenda) : null } : {}),
    ...(input.description !== undefined ? { description: input.description?.trim() || null } : {}),
    ...(input.recordingUrl !== undefined ? { recordingUrl: input.recordingUrl?.trim() || null } : {}),
  };
  if (existing) {
    if (existing.planId !== planId || existing.kind !== 'public_hearing') throw new AppError('unprocessable', 'El evento indicado no es la audiencia pública de este plan.', { details: { eventId } });
    return { event: await updateEvent({ db, actor, id: existing.id, fields }), created: false };
  }
  return { event: await createEvent({ db, actor, planId, fields }), created: true };
}

/** A hearing by id: 404 when missing, 422 when the event is something else than a public hearing. */
export async function getHearing(db: DbOrTx, eventId: string): Promise<Event> {
  const event = await db.event.findUnique({ where: { id: eventId } });
  if (!event) throw notFound('el evento', eventId);
  if (event.kind !== 'public_hearing') throw new AppError('unprocessable', 'El evento no es una audiencia pública.', { details: { eventId } });
  return event;
}
