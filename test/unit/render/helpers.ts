import { randomBytes } from 'node:crypto';
import sharp from 'sharp';
import { contrastRatio } from '../../../src/render/contrast.js';

/** Pixels per inch from a PNG's pHYs chunk (unit 1 = metre), or null. */
export function pngDensity(png: Buffer): number | null {
  let at = 8;
  while (at < png.length) {
    const length = png.readUInt32BE(at);
    const type = png.toString('latin1', at + 4, at + 8);
    if (type === 'pHYs') {
      const perMetre = png.readUInt32BE(at + 8);
      return png[at + 16] === 1 ? Math.round(perMetre * 0.0254) : null;
    }
    if (type === 'IDAT') return null;
    at += 12 + length;
  }
  return null;
}

/** Density of a JPEG's JFIF APP0 segment (units 1 = dots per inch), or null. */
export function jfifDensity(jpeg: Buffer): number | null {
  if (jpeg[2] !== 0xff || jpeg[3] !== 0xe0 || jpeg.toString('latin1', 6, 10) !== 'JFIF') return null;
  return jpeg[13] === 1 ? jpeg.readUInt16BE(14) : null;
}

/** A photo of random noise (compresses badly). */
export async function noisyPhoto(width: number, height: number): Promise<Buffer> {
  const raw = randomBytes(width * height * 3);
  return sharp(raw, { raw: { width, height, channels: 3 } }).png({ compressionLevel: 1 }).toBuffer();
}

export type Region = { left: number; top: number; width: number; height: number };

/**
 * How many pixels of a region are within `tolerance` (per channel) of a color — e.g. the
 * text color inside a text slot's box.
 */
export async function pixelsNear(image: Buffer, region: Region, hex: string, tolerance = 40): Promise<number> {
  const { data, info } = await sharp(image).extract(region).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  const target = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));
  let count = 0;
  for (let i = 0; i < data.length; i += info.channels) {
    if (Math.abs(data[i]! - target[0]!) <= tolerance && Math.abs(data[i + 1]! - target[1]!) <= tolerance && Math.abs(data[i + 2]! - target[2]!) <= tolerance) count++;
  }
  return count;
}

/** Whether two colors are told apart by pixelsNear (used to pick what can be checked). */
export const distinct = (a: string, b: string) => contrastRatio(a, b) > 1.6;

import { aspectClass, defaultBrandKit, formats, type FieldValues, type FormatId, type RenderResult, type TemplateManifest } from '../../../src/render/index.js';
import { roleColor } from '../../../src/render/contrast.js';
import { slotApplies, toPx, union, type PxBox } from '../../../src/render/layout.js';
import { placeholders, displayValue } from '../../../src/render/values.js';
import type { Slot } from '../../../src/render/types.js';

/**
 * Checks that every text slot that has something to show left pixels of its color in its
 * area (its box, or its stack's), that figure cards show their figures and QR codes their
 * modules. Returns the number of areas checked.
 */
export async function expectNoBlankAreas(t: TemplateManifest, format: FormatId, values: FieldValues, r: RenderResult): Promise<number> {
  const f = formats[format];
  const layout = t.layouts[format] ?? t.layouts[aspectClass(f.width, f.height)];
  const slots = layout.slots.filter((s) => slotApplies(s, values));
  const px = (s: Slot) => toPx(s.box, r.width, r.height);
  const filled = (text: string) => placeholders(text).every((k) => displayValue(t, values, k, 'America/Bogota', defaultBrandKit) !== '');
  let checked = 0;
  for (const slot of slots) {
    let area: PxBox;
    let color: string;
    if (slot.kind === 'text') {
      if (!filled(slot.text)) continue;
      area = slot.stack ? union(slots.filter((s) => s.kind === 'text' && s.stack === slot.stack).map(px)) : px(slot);
      color = roleColor(defaultBrandKit.colors, slot.color);
    } else if (slot.kind === 'figures') {
      area = px(slot);
      color = roleColor(defaultBrandKit.colors, slot.figureColor);
    } else if (slot.kind === 'qr') {
      area = px(slot);
      color = defaultBrandKit.colors.text;
    } else continue;
    const region = { left: area.x, top: area.y, width: Math.max(1, Math.min(area.w, r.width - area.x)), height: Math.max(1, Math.min(area.h, r.height - area.y)) };
    const count = await pixelsNear(r.buffer, region, color);
    if (count < 30) throw new Error(`${t.id} ${format}: the area of «${slot.kind === 'text' ? slot.text : slot.kind}» is blank (${count} pixels of ${color})`);
    checked++;
  }
  return checked;
}

/** The text field that names the piece, as the alt text must quote it. */
export const titleOf = (t: TemplateManifest, values: FieldValues) => String(values[t.titleField]);
