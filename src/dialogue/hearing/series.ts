import type { PieceKind } from '../../generated/prisma/client.js';
import { fromLocalDateTime, todayIn } from '../../lib/dates.js';
import { addDays } from '../../plan/derive-dates.js';

/**
 * The suggested announcement series of the public hearing: T−30, T−15, T−7 and T−1 days (at
 * 9:00 in the office's zone), T−1 hour, "live now" at the start and the thank-you with the
 * recording the day after. Pure: the same hearing and zone always give the same series.
 */

export const seriesKeys = ['t-30d', 't-15d', 't-7d', 't-1d', 't-1h', 'live', 'thanks'] as const;
export type SeriesKey = (typeof seriesKeys)[number];

export function isSeriesKey(value: unknown): value is SeriesKey {
  return typeof value === 'string' && (seriesKeys as readonly string[]).includes(value);
}

/** The wall-clock time of the announcements that fall on a day before or after the hearing. */
export const SERIES_DAY_TIME = '09:00';

export type SeriesInput = {
  title: string;
  startsAt: Date;
  place: string | null;
  /** Where to watch: the stream's watch URL, or the public /participa page before there is one. */
  link: string;
  /** The recording, once there is one (the thank-you links to it, else to `link`). */
  recordingUrl?: string | null;
  /** The office's zone: days and "9:00" are read there. */
  timeZone: string;
};

export type SuggestedPiece = {
  key: SeriesKey;
  /** When it goes out relative to the hearing, in Spanish ("30 días antes"). */
  label: string;
  kind: PieceKind;
  title: string;
  /** The long text (Facebook, the website): date, place and link. */
  body: string;
  /** The short text for X (within its 280 characters, a link counting 23). */
  shortText: string;
  link: string;
  scheduledAt: Date;
};

const labels: Record<SeriesKey, string> = {
  't-30d': '30 días antes',
  't-15d': '15 días antes',
  't-7d': '7 días antes',
  't-1d': 'El día anterior',
  't-1h': '1 hora antes',
  live: 'Al empezar (en vivo)',
  thanks: 'El día siguiente (agradecimiento)',
};

/** "martes 24 de noviembre de 2026" in the zone. */
export function longDate(instant: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('es-CO', { timeZone, weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' }).format(instant).replace(',', '');
}

/** "3:00 p. m." in the zone. */
export function clockTime(instant: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('es-CO', { timeZone, hour: 'numeric', minute: '2-digit', hour12: true }).format(instant);
}

/** A day's wall-clock time in the zone as an instant (`day` is `YYYY-MM-DD`). */
function atLocal(day: string, time: string, timeZone: string): Date {
  const at = fromLocalDateTime(`${day}T${time}`, timeZone);
  if (!at) throw new Error(`Hora local inválida: ${day}T${time}`);
  return at;
}

export function announcementSeries(input: SeriesInput): SuggestedPiece[] {
  const { startsAt, timeZone, link } = input;
  const name = input.title.trim();
  const title = inSentence(name);
  const day = todayIn(timeZone, startsAt);
  const when = `el ${longDate(startsAt, timeZone)} a las ${clockTime(startsAt, timeZone)}`;
  const where = input.place ? ` en ${input.place}` : '';
  const recording = input.recordingUrl || link;
  const dayBefore = (n: number) => atLocal(addDays(day, -n), SERIES_DAY_TIME, timeZone);

  const invite = (lead: string): Pick<SuggestedPiece, 'body' | 'shortText'> => ({
    body:
      `${lead} La ${title} será ${period(`${when}${where}`)} ` +
      `Conozca los resultados de la gestión, haga sus preguntas y participe. ` +
      `Siga la transmisión en vivo y envíe sus preguntas en ${link}`,
    shortText: `${lead} ${name}: ${period(`${when}${where}`)} Participe y pregunte: ${link}`,
  });

  const items: Omit<SuggestedPiece, 'label' | 'link'>[] = [
    { key: 't-30d', kind: 'social_post', title: `Reserve la fecha: ${name}`, scheduledAt: dayBefore(30), ...invite('Reserve la fecha.') },
    { key: 't-15d', kind: 'social_post', title: `Faltan 15 días: ${name}`, scheduledAt: dayBefore(15), ...invite('Faltan 15 días.') },
    { key: 't-7d', kind: 'press_release', title: `Invitación a la ${title}`, scheduledAt: dayBefore(7), ...invite('La Administración Municipal invita a toda la ciudadanía.') },
    { key: 't-1d', kind: 'social_post', title: `Mañana: ${name}`, scheduledAt: dayBefore(1), ...invite('Es mañana.') },
    {
      key: 't-1h',
      kind: 'live_announcement',
      title: `En una hora: ${name}`,
      scheduledAt: new Date(startsAt.getTime() - 3_600_000),
      body: `En una hora empieza la ${period(`${title}${where}`)} Véala en vivo y envíe sus preguntas en ${link}`,
      shortText: `En una hora: ${period(`${name}${where}`)} En vivo: ${link}`,
    },
    {
      key: 'live',
      kind: 'live_announcement',
      title: `En vivo: ${name}`,
      scheduledAt: new Date(startsAt.getTime()),
      body: `Estamos en vivo: empezó la ${period(`${title}${where}`)} Siga la transmisión y haga sus preguntas en ${link}`,
      shortText: `En vivo ahora: ${period(name)} Síganos y pregunte: ${link}`,
    },
    {
      key: 'thanks',
      kind: 'social_post',
      title: `Gracias por participar: ${name}`,
      scheduledAt: atLocal(addDays(day, 1), SERIES_DAY_TIME, timeZone),
      body:
        `Gracias a todas las personas que participaron en la ${period(title)} ` +
        `Si no pudo acompañarnos, vea la grabación en ${recording}. ` +
        `Las respuestas a las preguntas de la ciudadanía se publicarán en los plazos de ley.`,
      shortText: `Gracias por participar en la ${period(title)} Vea la grabación: ${recording}`,
    },
  ];
  return items.map((item) => ({ ...item, label: labels[item.key], link: item.key === 'thanks' ? recording : link }));
}

/** Ends a sentence with a period, unless it already ends with one ("… 3:00 p. m."). */
export function period(s: string): string {
  return /[.!?]$/.test(s.trim()) ? s.trim() : `${s.trim()}.`;
}

/** The name inside a sentence: "la audiencia pública…", but an acronym ("ONU…") keeps its case. */
export function inSentence(s: string): string {
  const [first = '', second = ''] = [...s];
  return second && second === second.toLowerCase() ? first.toLowerCase() + s.slice(first.length) : s;
}
