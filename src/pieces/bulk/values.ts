import type { PieceKind } from '../../generated/prisma/client.js';
import { pieceKindLabel } from '../../i18n/es.js';
import { foldText } from '../../plan/import/clean.js';

/**
 * The cell readers of the bulk format. Each returns the value or a Spanish message saying
 * what is wrong with the cell; none guesses (a date that does not exist is an error, not
 * the next valid one).
 */
export type Read<T> = { ok: true; value: T } | { ok: false; message: string };
const ok = <T>(value: T): Read<T> => ({ ok: true, value });
const fail = <T>(message: string): Read<T> => ({ ok: false, message });

const kindByName = new Map<string, PieceKind>(
  (Object.entries(pieceKindLabel) as [PieceKind, string][]).flatMap(([key, label]) => [
    [foldText(label), key],
    [key, key],
    [key.replace(/_/g, ' '), key],
  ]),
);

/** A piece kind from its Spanish label ("Comunicado de prensa") or its key (press_release). */
export function readKind(cell: string): Read<PieceKind> {
  if (cell === '') return fail('Falta el tipo de pieza.');
  const kind = kindByName.get(foldText(cell));
  if (kind) return ok(kind);
  return fail(`El tipo «${cell}» no existe. Use uno de: ${Object.values(pieceKindLabel).join(', ')}.`);
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

function calendarDate(y: number, m: number, d: number): string | null {
  if (y < 1900 || y > 2199 || m < 1 || m > 12) return null;
  const lastDay = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return d >= 1 && d <= lastDay ? `${pad(y, 4)}-${pad(m)}-${pad(d)}` : null;
}

/**
 * `YYYY-MM-DD` or `DD/MM/YYYY` as `YYYY-MM-DD`. A time after the date ("24/11/2026 15:00",
 * how Excel gives a cell holding both) is returned apart, for when the time column is empty.
 */
export function readDate(cell: string): Read<{ date: string; time: string | null }> {
  const m = /^(?:(\d{4})-(\d{1,2})-(\d{1,2})|(\d{1,2})\/(\d{1,2})\/(\d{4}))(?:[ T](\d{1,2}:\d{2}(?::\d{2})?))?$/.exec(cell.trim());
  const date = m && (m[1] ? calendarDate(Number(m[1]), Number(m[2]), Number(m[3])) : calendarDate(Number(m[6]), Number(m[5]), Number(m[4])));
  if (!m || !date) return fail(`La fecha «${cell}» no es válida: escríbala como AAAA-MM-DD (2026-11-24) o DD/MM/AAAA (24/11/2026).`);
  return ok({ date, time: m[7] ?? null });
}

/** `HH:mm` (24 h, seconds ignored) or a 12-hour time with a. m. / p. m. ("3:00 p. m.", "3:00 PM"), as `HH:mm`. */
export function readTime(cell: string): Read<string> {
  const m = /^(\d{1,2})[:.](\d{2})(?::\d{2})?(?:\s*([ap])\s*\.?\s*m\s*\.?)?$/.exec(foldText(cell));
  const bad = () => fail<string>(`La hora «${cell}» no es válida: escríbala como 15:00 (24 horas) o 3:00 p. m.`);
  if (!m) return bad();
  let hour = Number(m[1]);
  const minute = Number(m[2]);
  if (minute > 59) return bad();
  if (m[3]) {
    if (hour < 1 || hour > 12) return bad();
    hour = (hour % 12) + (m[3] === 'p' ? 12 : 0);
  } else if (hour > 23) {
    return bad();
  }
  return ok(`${pad(hour)}:${pad(minute)}`);
}

/**
 * Template fields: a JSON object, or `campo=valor` pairs separated by ";" or line breaks
 * (the value is everything after the first "="; use JSON for values with ";").
 */
export function readFields(cell: string): Read<Record<string, unknown>> {
  const text = cell.trim();
  if (text.startsWith('{') || text.startsWith('[')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (error) {
      // V8's messages are English: only the position is worth passing on.
      const position = /position (\d+)/.exec((error as Error).message)?.[1];
      const where = position !== undefined ? ` (revise cerca del carácter ${Number(position) + 1})` : /end of JSON/i.test((error as Error).message) ? ' (está incompleto)' : '';
      return fail(`Los campos no son un JSON válido${where}. Escríbalos como {"campo": "valor"} o como campo=valor; campo=valor.`);
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      return fail('Los campos deben ser un objeto JSON ({"campo": "valor"}), no una lista.');
    }
    return ok(parsed as Record<string, unknown>);
  }
  const fields: Record<string, unknown> = {};
  for (const part of text.split(/[;\n]/).map((p) => p.trim()).filter(Boolean)) {
    const eq = part.indexOf('=');
    const name = eq > 0 ? part.slice(0, eq).trim() : '';
    if (!name || !/^[\w.-]+$/.test(name)) {
      return fail(`No se entiende «${part}» en los campos: escriba campo=valor separados por punto y coma, o un objeto JSON.`);
    }
    if (name in fields) return fail(`El campo «${name}» aparece dos veces.`);
    fields[name] = part.slice(eq + 1).trim();
  }
  return ok(fields);
}

/** How an activity is written in the file: its position, maybe followed by its description, or the start of its description. */
export type ActivityRef = { position: [number, number]; text: string } | { position: null; text: string };

export function readActivityRef(cell: string): ActivityRef {
  const m = /^(\d+)\s*\.\s*(\d+)(?:$|[\s.:)\-–—]+(.*)$)/s.exec(cell.trim());
  if (m) return { position: [Number(m[1]), Number(m[2])], text: (m[3] ?? '').trim() };
  return { position: null, text: cell.trim() };
}

/** Folded text for comparing descriptions; a trailing ellipsis (a shortened description) is dropped. */
export function foldDescription(text: string): string {
  return foldText(text).replace(/(?:\.\.\.|…)$/, '').trim();
}
