import { AppError } from '../errors.js';
import { roleColor } from './contrast.js';
import { escapeMarkup, fitText, renderTextAt, type FittedText, type TextRequest } from './fit-text.js';
import { resolveFont } from './fonts.js';
import { inset, place, sizeRange, stackTops, type PxBox } from './layout.js';
import { displayValue, placeholders, substitute } from './values.js';
import type { Align, BrandKit, FieldValues, Format, TemplateManifest, TextSlot, VAlign } from './types.js';
import { roundedRect, type RasterLayer } from './graphics.js';

/** Text slots: from the manifest's markup and the values to fitted, placed text images. */
export type RenderContext = {
  t: TemplateManifest;
  values: FieldValues;
  brand: BrandKit;
  format: Format;
  width: number;
  height: number;
  u: number;
  timeZone: string;
  /** Factor on minimum sizes: 1, or less for scaled-down previews. */
  slack: number;
};

export type PreparedText = {
  req: TextRequest;
  box: PxBox;
  align: Align;
  valign: VAlign;
  field: string;
  group?: string;
  /** Padding in em of the fitted size. */
  pill?: { color: string; padX: number; padY: number };
  /** Packed with the other items of the same stack id inside `area`; `gap` in pixels above it. */
  stack?: { id: string; area: PxBox; valign: VAlign; gap: number };
};

/** The slot's Pango markup with escaped values, or null when one of its values is empty. */
export function slotMarkup(slot: TextSlot, ctx: RenderContext): string | null {
  const lookup = (key: string) => displayValue(ctx.t, ctx.values, key, ctx.timeZone, ctx.brand);
  if (placeholders(slot.text).some((key) => !lookup(key))) return null;
  return substitute(slot.text, (key) => {
    const value = lookup(key);
    return escapeMarkup(slot.uppercase ? value.toLocaleUpperCase('es-CO') : value);
  });
}

export function prepareText(slot: TextSlot, ctx: RenderContext, box: PxBox): PreparedText | null {
  const content = slotMarkup(slot, ctx);
  if (content === null || !content.trim()) return null;
  const color = roleColor(ctx.brand.colors, slot.color);
  const { min, max } = sizeRange(slot.size, ctx.u, ctx.slack);
  // The pill's padding is in em: the box is fitted with the padding of the largest size.
  const inner = inset(box, Math.ceil((slot.pill?.padX ?? 0) * max), Math.ceil((slot.pill?.padY ?? 0) * max));
  const markup = (size: number) => {
    const tracking = slot.tracking ? ` letter_spacing="${Math.round(slot.tracking * size * 1024)}"` : '';
    return `<span foreground="${color}" line_height="${slot.lineHeight ?? 1}"${tracking}>${content}</span>`;
  };
  return {
    req: { markup, font: resolveFont(slot.font, ctx.brand), minSize: min, maxSize: max, width: inner.w, height: inner.h, align: slot.align ?? 'left',
      ...(slot.nowrap ? { nowrap: true } : {}), ...(slot.balance ? { balance: true, lineHeight: slot.lineHeight ?? 1 } : {}) },
    box: inner,
    align: slot.align ?? 'left',
    valign: slot.valign ?? 'top',
    field: slot.field ?? placeholders(slot.text)[0] ?? '',
    ...(slot.group ? { group: slot.group } : {}),
    ...(slot.pill ? { pill: { color: roleColor(ctx.brand.colors, slot.pill.color), padX: slot.pill.padX, padY: slot.pill.padY } } : {}),
  };
}

function tooLong(p: PreparedText, ctx: RenderContext): AppError {
  const where = `para el formato ${ctx.format.label}: no cabe en su espacio ni con la letra más pequeña permitida.`;
  const details = { field: p.field || null, format: ctx.format.id };
  if (!p.field) return new AppError('unprocessable', `Un texto fijo de la plantilla es demasiado largo ${where}`, { details });
  const label = p.field === 'brand.municipality'
    ? 'Nombre del municipio (marca)'
    : ctx.t.fields.find((f) => f.name === p.field)?.label ?? p.field;
  return new AppError('unprocessable', `El campo «${label}» es demasiado largo ${where} Acórtelo o elija otro formato.`, { details });
}

/**
 * Fits every text; slots of a group then share the group's smallest size. The longest text of
 * each group is fitted first, and the others start from its size, so few are rendered twice.
 */
export async function fitAll(items: PreparedText[], ctx: RenderContext): Promise<FittedText[]> {
  const out: (FittedText | null)[] = items.map(() => null);
  const fit = async (i: number, maxSize?: number) => {
    const p = items[i]!;
    const f = await fitText(maxSize === undefined ? p.req : { ...p.req, maxSize: Math.max(maxSize, p.req.minSize) });
    if (!f) throw tooLong(p, ctx);
    out[i] = f;
  };
  const groups = new Map<string, number[]>();
  items.forEach((p, i) => { if (p.group) groups.set(p.group, [...(groups.get(p.group) ?? []), i]); });
  const leads = new Map([...groups].map(([g, m]) => [g, m.reduce((a, b) => (length(items[b]!) > length(items[a]!) ? b : a))]));
  const leadFits = new Map([...leads].map(([g, i]) => [g, fit(i)]));
  await Promise.all(items.map((p, i) => {
    if (!p.group) return fit(i);
    const lead = leads.get(p.group)!;
    return lead === i ? leadFits.get(p.group) : leadFits.get(p.group)!.then(() => fit(i, out[lead]!.size));
  }));
  for (const members of groups.values()) {
    const size = Math.min(...members.map((i) => out[i]!.size));
    await Promise.all(members.map(async (i) => {
      if (out[i]!.size <= size) return;
      const again = await renderTextAt(items[i]!.req, size);
      if (again) out[i] = again;
    }));
  }
  return out as FittedText[];
}

const length = (p: PreparedText) => p.req.markup(p.req.maxSize).replace(/<[^>]*>/g, '').length;

/** Top edges of the stacked items (by index), packed stack by stack. */
export function stackedTops(items: PreparedText[], fitted: FittedText[]): Map<number, number> {
  const tops = new Map<number, number>();
  const ids = new Set(items.flatMap((p) => (p.stack ? [p.stack.id] : [])));
  for (const id of ids) {
    const members = items.flatMap((p, k) => (p.stack?.id === id ? [k] : []));
    const first = items[members[0]!]!.stack!;
    const pad = (k: number) => Math.round((items[k]!.pill?.padY ?? 0) * fitted[k]!.size);
    const heights = members.map((k) => fitted[k]!.height + 2 * pad(k));
    const ys = stackTops(heights, first.area, members.map((k) => items[k]!.stack!.gap), first.valign);
    members.forEach((k, j) => tops.set(k, ys[j]! + pad(k)));
  }
  return tops;
}

/** The placed text image (a raster layer), and the pill behind it when the slot has one. */
export function textElement(p: PreparedText, text: FittedText, id: string, top?: number): { vector: string; layer: RasterLayer } {
  const x = place(text.width, text.height, p.box, p.align, p.valign).x;
  const y = top ?? place(text.width, text.height, p.box, p.align, p.valign).y;
  const href = `data:image/png;base64,${text.png.toString('base64')}`;
  const svg = `<image id="${id}" x="${x}" y="${y}" width="${text.width}" height="${text.height}" href="${href}"/>`;
  const layer = { svg, input: text.png, left: x, top: y };
  if (!p.pill) return { vector: '', layer };
  const padX = Math.round(p.pill.padX * text.size);
  const padY = Math.round(p.pill.padY * text.size);
  const pill = { x: x - padX, y: y - padY, w: text.width + 2 * padX, h: text.height + 2 * padY };
  return { vector: roundedRect(pill, pill.h / 2, p.pill.color), layer };
}
