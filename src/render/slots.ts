import sharp from 'sharp';
import { AppError } from '../errors.js';
import { contrastRatio, roleColor } from './contrast.js';
import { prepareFigures } from './figures.js';
import { iconElement, imageElement, qrElement, roundedRect, type RasterLayer } from './graphics.js';
import { contain, inset, place, slotApplies, toPx, union, type PxBox } from './layout.js';
import { logoAspect } from './logo.js';
import { fitAll, prepareText, stackedTops, textElement, type PreparedText, type RenderContext } from './text-slots.js';
import type { ImageValue, Layout, LogoSlot, PhotoSlot, Slot } from './types.js';

/**
 * Draws a layout's slots for one canvas: vector SVG fragments in the layout's order, and the
 * raster layers (photos, texts) that go on top of them, also in the layout's order.
 */
export type DrawnSlots = { vector: string[]; layers: RasterLayer[] };

function logoElement(slot: LogoSlot, ctx: RenderContext, box: PxBox): { svg: string; right: number } {
  const chipPad = slot.chip ? Math.round(Math.min(box.w, box.h) * 0.12) : 0;
  const inner = inset(box, chipPad, chipPad);
  const { w, h } = contain(logoAspect(ctx.brand.logoSvg), inner);
  const { x, y } = place(w, h, inner, slot.align ?? 'left', slot.valign ?? 'middle');
  const logo = imageElement({ x, y, w, h }, 'image/svg+xml', Buffer.from(ctx.brand.logoSvg), { fit: 'meet' });
  if (!slot.chip) return { svg: logo, right: x + w };
  const chip = { x: x - chipPad, y: y - chipPad, w: w + 2 * chipPad, h: h + 2 * chipPad };
  return { svg: roundedRect(chip, Math.round(chipPad * 1.4), roleColor(ctx.brand.colors, slot.chip)) + logo, right: chip.x + chip.w };
}

async function photoElement(slot: PhotoSlot, ctx: RenderContext, box: PxBox, id: string): Promise<RasterLayer> {
  const photo = ctx.values[slot.field] as ImageValue;
  const label = ctx.t.fields.find((f) => f.name === slot.field)?.label ?? slot.field;
  let jpeg: Buffer;
  try {
    jpeg = await sharp(photo.bytes, { limitInputPixels: 100_000_000 })
      .rotate()
      .resize(box.w, box.h, { fit: 'cover', position: sharp.strategy.attention })
      .flatten({ background: ctx.brand.colors.background })
      .jpeg({ quality: 88, chromaSubsampling: '4:4:4' })
      .toBuffer();
  } catch {
    throw new AppError('unprocessable', `La imagen del campo «${label}» no se puede leer.`, { details: { field: slot.field } });
  }
  const radius = Math.round((slot.radius ?? 0) * ctx.u);
  const svg = imageElement(box, 'image/jpeg', jpeg, { radius, id });
  if (!radius) return { svg, input: jpeg, left: box.x, top: box.y };
  // Rounded corners for compositing: the photo's alpha cut by the same rounded rectangle.
  const mask = `<svg xmlns="http://www.w3.org/2000/svg" width="${box.w}" height="${box.h}">${roundedRect({ x: 0, y: 0, w: box.w, h: box.h }, radius, '#fff')}</svg>`;
  const input = await sharp(jpeg).ensureAlpha().composite([{ input: Buffer.from(mask), blend: 'dest-in' }]).raw().toBuffer();
  return { svg, input, raw: { width: box.w, height: box.h, channels: 4 }, left: box.x, top: box.y };
}

export async function renderSlots(layout: Layout, ctx: RenderContext): Promise<DrawnSlots> {
  const slots = layout.slots.filter((s) => slotApplies(s, ctx.values));
  const px = (s: Slot) => toPx(s.box, ctx.width, ctx.height);
  const out = slots.map(() => '');
  let logoRight: number | undefined;
  slots.forEach((slot, i) => {
    if (slot.kind !== 'logo') return;
    const logo = logoElement(slot, ctx, px(slot));
    out[i] = logo.svg;
    logoRight = logo.right;
  });
  const texts: { at: number; p: PreparedText }[] = [];
  const layers: RasterLayer[][] = slots.map(() => []);
  const photos: Promise<void>[] = [];
  slots.forEach((slot, i) => {
    const box = px(slot);
    switch (slot.kind) {
      case 'icon':
        out[i] = iconElement(slot.icon, box, roleColor(ctx.brand.colors, slot.color), slot.align, slot.valign);
        break;
      case 'qr': {
        const value = ctx.values[slot.field];
        const field = ctx.t.fields.find((f) => f.name === slot.field);
        if (typeof value !== 'string' || !value || !field) break;
        const text = ctx.brand.colors.text;
        const dark = contrastRatio(text, '#ffffff') >= 7 ? text : '#000000';
        out[i] = qrElement(value, field, box, dark, slot.align, slot.valign);
        break;
      }
      case 'photo':
        photos.push(photoElement(slot, ctx, box, `photo-${i}`).then((layer) => { layers[i]!.push(layer); }));
        break;
      case 'figures': {
        const { cards, items } = prepareFigures(slot, ctx, box, i);
        out[i] = cards;
        for (const p of items) texts.push({ at: i, p });
        break;
      }
      case 'text': {
        if (slot.after === 'logo' && logoRight !== undefined) {
          const x = Math.max(box.x, logoRight + Math.round(ctx.u * 0.025));
          box.w -= x - box.x;
          box.x = x;
        }
        const p = prepareText(slot, ctx, box);
        const stack = slot.stack ? layout.stacks?.[slot.stack] : undefined;
        if (p && slot.stack && stack) {
          const members = slots.filter((s) => s.kind === 'text' && s.stack === slot.stack);
          const gap = slot.gapBefore ?? stack.gap;
          p.stack = { id: slot.stack, area: union(members.map(px)), valign: stack.valign, gap: Math.round(gap * ctx.u) };
        }
        if (p) texts.push({ at: i, p });
        break;
      }
    }
  });
  const [fitted] = await Promise.all([fitAll(texts.map((x) => x.p), ctx), ...photos]);
  const tops = stackedTops(texts.map((x) => x.p), fitted);
  texts.forEach(({ at, p }, k) => {
    const { vector, layer } = textElement(p, fitted[k]!, `text-${k}`, tops.get(k));
    out[at] += vector;
    layers[at]!.push(layer);
  });
  return { vector: out, layers: layers.flat() };
}
