import { AppError } from '../errors.js';
import type { FieldDef, FieldValues, FigureValue, ImageValue, TemplateManifest } from './types.js';

/**
 * Field values as the template's fields define them. Every failure is a 422 naming the
 * field's Spanish label, with `details.field`. Returns normalized values: trimmed NFC text,
 * date-times as UTC ISO strings, numbers as numbers, absent optional fields as null.
 */
export const MAX_IMAGE_BYTES = 15 * 1024 * 1024;
export const MAX_FIGURE_CHARS = 12;
const IMAGE_TYPES: Record<string, (b: Buffer) => boolean> = {
  'image/png': (b) => b.subarray(0, 4).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47])),
  'image/jpeg': (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff,
  'image/webp': (b) => b.toString('latin1', 0, 4) === 'RIFF' && b.toString('latin1', 8, 12) === 'WEBP',
};
const ISO = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z|[+-](\d{2}):(\d{2}))$/;

function fail(f: FieldDef, message: string, extra: Record<string, unknown> = {}): AppError {
  return new AppError('unprocessable', message, { details: { field: f.name, ...extra } });
}

const length = (s: string) => [...s].length;
const clean = (s: string) => s.normalize('NFC').replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200b\ufeff]/g, '');

function checkLength(f: FieldDef, s: string, what = `El campo «${f.label}»`): string {
  if (f.maxLength !== undefined && length(s) > f.maxLength) {
    throw fail(f, `${what} admite como máximo ${f.maxLength} caracteres (tiene ${length(s)}).`);
  }
  return s;
}

function text(f: FieldDef, v: unknown): string | null {
  if (typeof v !== 'string') throw fail(f, `El campo «${f.label}» debe ser un texto.`);
  const s = f.type === 'long_text'
    ? clean(v).replace(/\r\n?/g, '\n').replace(/[ \t]+/g, ' ').replace(/ ?\n ?/g, '\n').replace(/\n{3,}/g, '\n\n').trim()
    : clean(v).replace(/\s+/g, ' ').trim();
  if (!s) return null;
  if (f.format === 'url') {
    let ok = false;
    try { ok = ['http:', 'https:'].includes(new URL(s).protocol); } catch { ok = false; }
    if (!ok) throw fail(f, `El campo «${f.label}» debe ser una dirección web que empiece por https://.`);
  }
  return checkLength(f, s);
}

function datetime(f: FieldDef, v: unknown): string {
  const s = v instanceof Date ? v.toISOString() : v;
  const m = typeof s === 'string' ? ISO.exec(s.trim()) : null;
  const bad = () => fail(f, `El campo «${f.label}» debe ser una fecha y hora con zona horaria, por ejemplo 2026-03-12T09:00:00-05:00.`);
  if (!m) throw bad();
  const [y, mo, d, h, mi, sec, , oh, om] = m.slice(1).map((x) => (x === undefined ? 0 : Number(x)));
  const daysInMonth = new Date(Date.UTC(y!, mo!, 0)).getUTCDate();
  if (mo! < 1 || mo! > 12 || d! < 1 || d! > daysInMonth || h! > 23 || mi! > 59 || sec! > 59 || oh! > 14 || om! > 59) throw bad();
  const t = Date.parse((s as string).trim());
  if (Number.isNaN(t)) throw bad();
  return new Date(t).toISOString();
}

function number(f: FieldDef, v: unknown): number {
  const n = typeof v === 'string' && v.trim() !== '' ? Number(v) : v;
  if (typeof n !== 'number' || !Number.isFinite(n)) throw fail(f, `El campo «${f.label}» debe ser un número.`);
  if (f.min !== undefined && n < f.min) throw fail(f, `El campo «${f.label}» debe ser como mínimo ${f.min}.`);
  if (f.max !== undefined && n > f.max) throw fail(f, `El campo «${f.label}» debe ser como máximo ${f.max}.`);
  return n;
}

function image(f: FieldDef, v: unknown): ImageValue {
  const o = v as Partial<ImageValue>;
  if (typeof o !== 'object' || !(o.bytes instanceof Uint8Array) || typeof o.mimeType !== 'string') {
    throw fail(f, `El campo «${f.label}» debe ser una imagen (bytes y tipo).`);
  }
  const bytes = Buffer.isBuffer(o.bytes) ? o.bytes : Buffer.from(o.bytes);
  const sniff = IMAGE_TYPES[o.mimeType.toLowerCase()];
  if (!sniff || !sniff(bytes)) throw fail(f, `El campo «${f.label}» debe ser una imagen PNG, JPEG o WebP.`);
  if (bytes.length > MAX_IMAGE_BYTES) throw fail(f, `La imagen del campo «${f.label}» supera los 15 MB.`);
  return { bytes, mimeType: o.mimeType.toLowerCase() };
}

function figures(f: FieldDef, v: unknown): FigureValue[] {
  if (!Array.isArray(v)) throw fail(f, `El campo «${f.label}» debe ser una lista de cifras.`);
  const min = f.min ?? 1;
  const max = f.max ?? Infinity;
  if (v.length < min || v.length > max) {
    throw fail(f, `El campo «${f.label}» debe tener entre ${min} y ${max} cifras (tiene ${v.length}).`, { count: v.length });
  }
  return v.map((item: unknown, i) => {
    const o = item as Partial<Record<'figure' | 'label', unknown>>;
    const what = `La cifra ${i + 1} del campo «${f.label}»`;
    const figure = typeof o?.figure === 'number' ? String(o.figure) : o?.figure;
    if (typeof figure !== 'string' || typeof o.label !== 'string') throw fail(f, `${what} debe tener cifra y etiqueta.`, { index: i });
    const fig = clean(figure).replace(/\s+/g, ' ').trim();
    const label = clean(o.label).replace(/\s+/g, ' ').trim();
    if (!fig || !label) throw fail(f, `${what} debe tener cifra y etiqueta.`, { index: i });
    if (length(fig) > MAX_FIGURE_CHARS) throw fail(f, `${what} admite como máximo ${MAX_FIGURE_CHARS} caracteres en la cifra.`, { index: i });
    return { figure: fig, label: checkLength(f, label, what) };
  });
}

function normalize(f: FieldDef, v: unknown): unknown {
  if (v === undefined || v === null || (typeof v === 'string' && !v.trim()) || (Array.isArray(v) && !v.length)) return null;
  switch (f.type) {
    case 'text': case 'long_text': return text(f, v);
    case 'datetime': return datetime(f, v);
    case 'number': return number(f, v);
    case 'image': return image(f, v);
    case 'figures': return figures(f, v);
  }
}

export function validateFields(t: TemplateManifest, values: FieldValues): FieldValues {
  if (typeof values !== 'object' || values === null || Array.isArray(values)) {
    throw new AppError('unprocessable', 'Los valores de la pieza deben ser un objeto.');
  }
  const out: FieldValues = {};
  for (const f of t.fields) {
    const v = normalize(f, values[f.name]);
    if (v === null && f.required) throw fail(f, `El campo «${f.label}» es obligatorio.`);
    out[f.name] = v;
  }
  return out;
}
