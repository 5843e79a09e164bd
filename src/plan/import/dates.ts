import { foldText } from './clean.js';

/**
 * Spanish dates as plans write them: "15/03/2026", "2026-03-15", "15 de marzo de 2026",
 * "marzo de 2026" (the whole month) and ranges in one cell ("marzo a abril de 2026",
 * "del 1 al 15 de marzo de 2026", "01/02/2026 - 28/02/2026"). Output is "YYYY-MM-DD".
 * Anything doubtful returns null so the caller can warn: never guess a date.
 */

export type DateEdge = 'start' | 'end';
type Partial = { y?: number; m?: number; d?: number };

const MONTHS: Record<string, number> = {
  enero: 1, ene: 1, febrero: 2, feb: 2, marzo: 3, mar: 3, abril: 4, abr: 4, mayo: 5, may: 5,
  junio: 6, jun: 6, julio: 7, jul: 7, agosto: 8, ago: 8, septiembre: 9, setiembre: 9, sep: 9,
  sept: 9, set: 9, octubre: 10, oct: 10, noviembre: 11, nov: 11, diciembre: 12, dic: 12,
};

const NUMERIC_DMY = /^(\d{1,2})[/.-](\d{1,2})(?:[/.-](\d{4}))?$/;
const NUMERIC_YMD = /^(\d{4})[/.-](\d{1,2})[/.-](\d{1,2})$/;
const WORDS = /^(?:(\d{1,2})(?: de)? )?([a-z]+)\.?(?:,?(?: de| del)? (\d{4}))?$/;
const DAY_ONLY = /^(\d{1,2})$/;
// Range separators. A bare "-" is tried too ("01/02/2026-28/02/2026"); every split is
// only accepted when both sides read as dates, so "01-02-2026" is not cut in pieces.
const RANGE_SEPARATOR = /\s*[–—]\s*|\s+(?:al|a|hasta el|hasta|y)\s+|\s*-\s*/g;

function num(text: string | undefined): number | undefined {
  return text === undefined ? undefined : Number(text);
}

function parsePart(text: string): Partial | null {
  let match = NUMERIC_YMD.exec(text);
  if (match) return { y: num(match[1]), m: num(match[2]), d: num(match[3]) };
  match = NUMERIC_DMY.exec(text);
  if (match) return { d: num(match[1]), m: num(match[2]), y: num(match[3]) };
  match = WORDS.exec(text);
  if (match) {
    const month = MONTHS[match[2] ?? ''];
    return month === undefined ? null : { d: num(match[1]), m: month, y: num(match[3]) };
  }
  match = DAY_ONLY.exec(text);
  return match ? { d: num(match[1]) } : null;
}

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

function resolve(part: Partial, edge: DateEdge): string | null {
  const { y, m, d } = part;
  if (y === undefined || m === undefined || y < 1900 || y > 2199 || m < 1 || m > 12) return null;
  // Day 0 of the next month is the last day of this one (handles leap years).
  const lastDay = new Date(Date.UTC(y, m, 0)).getUTCDate();
  const day = d ?? (edge === 'start' ? 1 : lastDay);
  if (day < 1 || day > lastDay) return null;
  return `${pad(y, 4)}-${pad(m)}-${pad(day)}`;
}

function normalize(text: string): string {
  return foldText(text)
    .replace(/^(?:del|desde el|desde|entre el|entre|de|el)\s+/, '')
    .replace(/[.\s]+$/, '');
}

/** One date. A bare month resolves to its first day as a start and its last day as an end. */
export function parseDate(text: string, edge: DateEdge): string | null {
  const part = parsePart(normalize(text));
  return part ? resolve(part, edge) : null;
}

/** A single date or a range in one cell. A single day is a one-day range. */
export function parseDateRange(text: string): { start: string; end: string } | null {
  const norm = normalize(text);
  const whole = parsePart(norm);
  if (whole?.y !== undefined) {
    const start = resolve(whole, 'start');
    const end = resolve(whole, 'end');
    return start && end ? { start, end } : null;
  }
  for (const match of norm.matchAll(RANGE_SEPARATOR)) {
    const left = parsePart(norm.slice(0, match.index));
    const right = parsePart(norm.slice(match.index + match[0].length));
    if (!left || !right) continue;
    // "del 1 al 15 de marzo de 2026", "marzo a abril de 2026": the side that omits the
    // month or the year shares it with the other side.
    if (left.d !== undefined && left.m === undefined) left.m = right.m;
    if (right.d !== undefined && right.m === undefined) right.m = left.m;
    left.y ??= right.y;
    right.y ??= left.y;
    const start = resolve(left, 'start');
    const end = resolve(right, 'end');
    if (!start || !end) continue;
    // An inverted range ("noviembre a febrero de 2026") probably crosses a year we
    // cannot see: refuse it rather than invent the year.
    return start <= end ? { start, end } : null;
  }
  return null;
}
