import { z } from 'zod';
import type { Network, PieceStatus } from '../generated/prisma/client.js';
import { networkLabel, pieceStatusLabel } from '../i18n/es.js';
import { addDays } from '../dashboard/going-out.js';

/**
 * The calendar's views and the days each one covers. Days are calendar dates (`YYYY-MM-DD`)
 * in the office's zone; weeks start on Monday. Pure functions: no database, no clock.
 */

export const calendarViews = ['mes', 'semana', 'lista'] as const;
export type CalendarView = (typeof calendarViews)[number];

/** Piece statuses the calendar shows (a cancelled piece is left out). */
export const calendarStatuses = ['draft', 'in_review', 'approved', 'scheduled', 'published', 'failed'] as const satisfies readonly PieceStatus[];
export type CalendarStatus = (typeof calendarStatuses)[number];

export const calendarNetworks = Object.keys(networkLabel) as Network[];

export type CalendarFilters = {
  subcomponentId?: string;
  activityId?: string;
  departmentId?: string;
  network?: Network;
  status?: CalendarStatus;
};

export type CalendarQuery = { view: CalendarView; date: string; filters: CalendarFilters };

/** An empty form field (a select's "Todas") is no filter at all. */
const blank = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : typeof v === 'string' ? v.trim() : v);
const optionalId = z.preprocess(blank, z.string().max(100).optional());

const CalendarQuerySchema = z.object({
  vista: z.preprocess(blank, z.enum(calendarViews, { error: 'La vista debe ser «mes», «semana» o «lista».' }).default('mes')),
  fecha: z.preprocess(
    blank,
    z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}$/, 'La fecha debe tener el formato AAAA-MM-DD.')
      .refine((s) => new Date(`${s}T00:00:00Z`).toISOString().startsWith(s), 'La fecha no existe.')
      .optional(),
  ),
  subcomponente: optionalId,
  actividad: optionalId,
  dependencia: optionalId,
  red: z.preprocess(blank, z.enum(calendarNetworks as [Network, ...Network[]], { error: 'La red debe ser x, youtube, facebook o website.' }).optional()),
  estado: z.preprocess(blank, z.enum(calendarStatuses, { error: `El estado debe ser uno de: ${calendarStatuses.join(', ')}.` }).optional()),
});

/**
 * Reads `?vista=mes|semana|lista&fecha=YYYY-MM-DD&subcomponente=&actividad=&dependencia=&red=&estado=`.
 * Without a date, the calendar opens on `today`. A value that is not one of the options
 * throws the ZodError the error handler turns into a 400 in Spanish.
 */
export function parseCalendarQuery(query: Record<string, string | undefined>, today: string): CalendarQuery {
  const q = CalendarQuerySchema.parse(query);
  const filters: CalendarFilters = {};
  if (q.subcomponente) filters.subcomponentId = q.subcomponente;
  if (q.actividad) filters.activityId = q.actividad;
  if (q.dependencia) filters.departmentId = q.dependencia;
  if (q.red) filters.network = q.red;
  if (q.estado) filters.status = q.estado;
  return { view: q.vista, date: q.fecha ?? today, filters };
}

/** The query string of a calendar address: view, date and the filters that are set. */
export function calendarHref(view: CalendarView, date: string, filters: CalendarFilters): string {
  const params = new URLSearchParams({ vista: view, fecha: date });
  if (filters.subcomponentId) params.set('subcomponente', filters.subcomponentId);
  if (filters.activityId) params.set('actividad', filters.activityId);
  if (filters.departmentId) params.set('dependencia', filters.departmentId);
  if (filters.network) params.set('red', filters.network);
  if (filters.status) params.set('estado', filters.status);
  return `/calendario?${params.toString()}`;
}

/** 0 for Monday … 6 for Sunday. */
export function weekdayIndex(date: string): number {
  return (new Date(`${date}T00:00:00Z`).getUTCDay() + 6) % 7;
}

/** An instant as the office's wall clock reads it: day `YYYY-MM-DD` and time `HH:mm`. */
export function zonedDayTime(at: Date, timeZone: string): { day: string; time: string } {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(at);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '00';
  return { day: `${get('year')}-${get('month')}-${get('day')}`, time: `${get('hour')}:${get('minute')}` };
}

export function startOfWeek(date: string): string {
  return addDays(date, -weekdayIndex(date));
}

export function startOfMonth(date: string): string {
  return `${date.slice(0, 7)}-01`;
}

/** The first day of the month `n` months after `date`'s. */
export function addMonths(date: string, n: number): string {
  const d = new Date(`${startOfMonth(date)}T00:00:00Z`);
  d.setUTCMonth(d.getUTCMonth() + n);
  return d.toISOString().slice(0, 10);
}

export function endOfMonth(date: string): string {
  return addDays(addMonths(date, 1), -1);
}

export type CalendarRange = {
  view: CalendarView;
  /** The date asked for. */
  date: string;
  /** First day shown and the day after the last one. */
  start: string;
  end: string;
  /** Every day shown, in order (a month grid runs from a Monday to a Sunday). */
  days: string[];
  /** The month a month or list view is about (its first and last day); for a week, the week itself. */
  focusStart: string;
  focusEnd: string;
  /** The date of the previous and next period. */
  prev: string;
  next: string;
};

export function calendarRange(view: CalendarView, date: string): CalendarRange {
  let start: string;
  let end: string;
  let focusStart: string;
  let focusEnd: string;
  let prev: string;
  let next: string;
  if (view === 'semana') {
    start = startOfWeek(date);
    end = addDays(start, 7);
    focusStart = start;
    focusEnd = addDays(start, 6);
    prev = addDays(start, -7);
    next = end;
  } else {
    focusStart = startOfMonth(date);
    focusEnd = endOfMonth(date);
    prev = addMonths(date, -1);
    next = addMonths(date, 1);
    if (view === 'mes') {
      start = startOfWeek(focusStart);
      end = addDays(startOfWeek(focusEnd), 7);
    } else {
      start = focusStart;
      end = addDays(focusEnd, 1);
    }
  }
  const days: string[] = [];
  for (let d = start; d < end; d = addDays(d, 1)) days.push(d);
  return { view, date, start, end, days, focusStart, focusEnd, prev, next };
}

// ------------------------------------------------------------------ Spanish labels

export const weekdayNames = ['lunes', 'martes', 'miércoles', 'jueves', 'viernes', 'sábado', 'domingo'] as const;

const fmt = (options: Intl.DateTimeFormatOptions) => new Intl.DateTimeFormat('es-CO', { timeZone: 'UTC', ...options });
const monthYearFmt = fmt({ month: 'long', year: 'numeric' });
const dayMonthFmt = fmt({ day: 'numeric', month: 'long' });
const dayMonthYearFmt = fmt({ day: 'numeric', month: 'long', year: 'numeric' });
const at = (date: string) => new Date(`${date}T00:00:00Z`);

/** "noviembre de 2026". */
export function monthLabel(date: string): string {
  return monthYearFmt.format(at(date));
}

/** "lunes 30 de noviembre". */
export function dayLabel(date: string): string {
  return `${weekdayNames[weekdayIndex(date)]} ${dayMonthFmt.format(at(date))}`;
}

/** The heading of a view: "noviembre de 2026", "Semana del 4 al 10 de enero de 2027" or "Semana del 30 de noviembre al 6 de diciembre de 2026". */
export function rangeTitle(range: CalendarRange): string {
  if (range.view !== 'semana') return monthLabel(range.focusStart);
  const sameYear = range.focusStart.slice(0, 4) === range.focusEnd.slice(0, 4);
  const sameMonth = range.focusStart.slice(0, 7) === range.focusEnd.slice(0, 7);
  const from = sameMonth ? String(Number(range.focusStart.slice(8))) : sameYear ? dayMonthFmt.format(at(range.focusStart)) : dayMonthYearFmt.format(at(range.focusStart));
  return `Semana del ${from} al ${dayMonthYearFmt.format(at(range.focusEnd))}`;
}

export const calendarStatusLabel: Record<CalendarStatus, string> = Object.fromEntries(calendarStatuses.map((s) => [s, pieceStatusLabel[s]])) as Record<CalendarStatus, string>;
