import type { BrandKit, FieldValues, FigureValue, TemplateManifest } from './types.js';

/**
 * How field values read on a piece and in its alt text (es-CO), and the `{placeholder}`
 * substitution shared by text slots and alt-text sentences.
 */
export const DEFAULT_TIME_ZONE = 'America/Bogota';

const NBSP = '\u00a0';

export type DateParts = { full: string; date: string; time: string; weekday: string; day: string; month: string; year: string };

const capitalize = (s: string) => s.charAt(0).toLocaleUpperCase('es-CO') + s.slice(1);

/** "Jueves 12 de marzo de 2026, 9:00 a. m." and its parts, in a time zone. */
export function formatDateTime(iso: string, timeZone: string = DEFAULT_TIME_ZONE): DateParts | null {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return null;
  const parts = new Intl.DateTimeFormat('es-CO', {
    timeZone, weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', hour: 'numeric', minute: '2-digit', hour12: true,
  }).formatToParts(d);
  const get = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
  const period = get('dayPeriod').replace(/\s+/g, NBSP);
  const weekday = capitalize(get('weekday'));
  const date = `${weekday} ${get('day')} de ${get('month')} de ${get('year')}`;
  const time = `${get('hour')}:${get('minute')}${NBSP}${period}`;
  return { full: `${date}, ${time}`, date, time, weekday, day: get('day'), month: get('month'), year: get('year') };
}

export function formatNumber(n: number): string {
  return new Intl.NumberFormat('es-CO', { maximumFractionDigits: 2 }).format(n);
}

function asFigures(value: unknown): FigureValue[] {
  if (!Array.isArray(value)) return [];
  return value.filter((f): f is FigureValue => typeof f === 'object' && f !== null && 'figure' in f && 'label' in f);
}

/**
 * The text of one placeholder (`field`, `field.date`, …) for the given values, or '' when
 * it has no value. Tolerant of unvalidated values (alt texts are also made from drafts).
 */
export function displayValue(
  t: TemplateManifest, values: FieldValues, key: string, timeZone: string, brand?: BrandKit,
): string {
  if (key === 'brand.municipality') return brand?.municipality ?? '';
  const [name = '', part] = key.split('.');
  const def = t.fields.find((f) => f.name === name);
  const value = values[name];
  if (!def || value === undefined || value === null) return '';
  switch (def.type) {
    case 'datetime': {
      const iso = value instanceof Date ? value.toISOString() : String(value);
      const d = formatDateTime(iso, timeZone);
      return d ? d[(part ?? 'full') as keyof DateParts] ?? '' : '';
    }
    case 'number':
      return typeof value === 'number' && Number.isFinite(value) ? formatNumber(value) : String(value).trim();
    case 'figures':
      return asFigures(value).map((f) => `${String(f.figure).trim()} ${String(f.label).trim()}`).join('; ');
    case 'image':
      return '';
    default:
      return typeof value === 'string' || typeof value === 'number' ? String(value).trim() : '';
  }
}

const PLACEHOLDER = /\{([A-Za-z_][\w]*(?:\.[A-Za-z_]+)?)\}/g;

export function placeholders(text: string): string[] {
  return [...text.matchAll(PLACEHOLDER)].map((m) => m[1] ?? '');
}

/** Replaces placeholders with `lookup`'s text (already escaped by the caller if needed). */
export function substitute(text: string, lookup: (key: string) => string): string {
  return text.replace(PLACEHOLDER, (_, key: string) => lookup(key));
}

/** Alt text: the manifest's sentences, leaving out those with an empty placeholder. */
export function composeAltText(t: TemplateManifest, values: FieldValues, timeZone: string, brand?: BrandKit): string {
  const lookup = (key: string) => displayValue(t, values, key, timeZone, brand).replace(/\s+/g, ' ');
  const filled = (name: string) => values[name] !== undefined && values[name] !== null && values[name] !== '';
  const sentences = t.alt
    .map((s) => /^\[(!?)(\w+)\]\s*(.*)$/.exec(s) ?? [s, '', '', s])
    .filter(([, not, name]) => !name || filled(name) !== (not === '!'))
    .map(([, , , s = '']) => s)
    .filter((s) => placeholders(s).every((key) => lookup(key) !== ''))
    .map((s) => substitute(s, lookup).trim())
    .map((s) => (/[.!?…]$/.test(s) ? s : `${s}.`));
  return sentences.join(' ').replace(/\u00a0/g, ' ');
}

/** A Spanish sentence describing the piece, made from its fields. */
export function defaultAltText(t: TemplateManifest, values: FieldValues, timeZone: string = DEFAULT_TIME_ZONE): string {
  return composeAltText(t, values, timeZone);
}
