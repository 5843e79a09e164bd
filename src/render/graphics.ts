import QRCode from 'qrcode';
import { AppError } from '../errors.js';
import { place, type PxBox } from './layout.js';
import type { Align, FieldDef, IconName, VAlign } from './types.js';
import { escapeXml } from './xml.js';

/**
 * What slots draw: vector SVG fragments (shapes, icons, QR codes, the logo) and raster layers
 * (fitted texts, photos). A raster layer is both an `<image>` for the composed SVG and a
 * buffer that sharp composites directly onto the rasterized vector background.
 */
export type RasterLayer = {
  svg: string;
  input: Buffer;
  raw?: { width: number; height: number; channels: 4 };
  left: number;
  top: number;
};

const n = (v: number) => String(Math.round(v * 100) / 100);

export function roundedRect(box: PxBox, radius: number, fill: string, extra = ''): string {
  const r = Math.max(0, Math.min(radius, box.w / 2, box.h / 2));
  return `<rect x="${n(box.x)}" y="${n(box.y)}" width="${n(box.w)}" height="${n(box.h)}" rx="${n(r)}" fill="${fill}"${extra}/>`;
}

/** An embedded image (data URI) drawn at exactly the box, optionally with rounded corners. */
export function imageElement(box: PxBox, mimeType: string, data: Buffer, opts: { radius?: number; id?: string; fit?: 'none' | 'meet' } = {}): string {
  const ratio = opts.fit === 'meet' ? 'xMidYMid meet' : 'none';
  const href = `data:${mimeType};base64,${data.toString('base64')}`;
  const image = `<image x="${n(box.x)}" y="${n(box.y)}" width="${n(box.w)}" height="${n(box.h)}" preserveAspectRatio="${ratio}" href="${href}"/>`;
  if (!opts.radius || !opts.id) return image;
  const clip = `<clipPath id="${opts.id}">${roundedRect(box, opts.radius, '#000')}</clipPath>`;
  return `<defs>${clip}</defs><g clip-path="url(#${opts.id})">${image}</g>`;
}

/** Line icons on a 24 × 24 grid, stroked with the slot's color. */
const icons: Record<IconName, string> = {
  calendar: '<rect x="3" y="5" width="18" height="16" rx="2.5"/><path d="M3 10h18M8 3v4M16 3v4"/>',
  pin: '<path d="M12 21.5s-7-6.2-7-11.5a7 7 0 0 1 14 0c0 5.3-7 11.5-7 11.5z"/><circle cx="12" cy="10" r="2.6"/>',
  clock: '<circle cx="12" cy="12" r="9"/><path d="M12 7v5l3.2 2"/>',
  broadcast: '<circle cx="12" cy="12" r="2"/><path d="M16.2 7.8a6 6 0 0 1 0 8.4M7.8 16.2a6 6 0 0 1 0-8.4M19.1 4.9a10 10 0 0 1 0 14.2M4.9 19.1a10 10 0 0 1 0-14.2"/>',
  chat: '<path d="M20 15a2 2 0 0 1-2 2H8l-4 4V6a2 2 0 0 1 2-2h12a2 2 0 0 1 2 2z"/>',
  building: '<path d="M3 21h18M5 21V10l7-5 7 5v11M9 21v-6h6v6"/>',
};

export function iconElement(name: IconName, box: PxBox, color: string, align?: Align, valign?: VAlign): string {
  const side = Math.min(box.w, box.h);
  const { x, y } = place(side, side, box, align ?? 'center', valign ?? 'middle');
  return `<svg x="${x}" y="${y}" width="${side}" height="${side}" viewBox="0 0 24 24" fill="none" stroke="${color}" `
    + `stroke-width="2" stroke-linecap="round" stroke-linejoin="round">${icons[name]}</svg>`;
}

/** Quiet zone around the QR code, in modules (the standard asks for 4). */
const QUIET = 4;

/**
 * A QR code on a white card, with whole-pixel modules (crisp when printed), as large as the
 * box allows. Dark modules are drawn as horizontal runs.
 */
export function qrElement(text: string, field: FieldDef, box: PxBox, dark: string, align?: Align, valign?: VAlign): string {
  let qr: QRCode.QRCode;
  try {
    qr = QRCode.create(text, { errorCorrectionLevel: 'M' });
  } catch {
    throw new AppError('unprocessable', `El campo «${field.label}» es demasiado largo para un código QR.`, { details: { field: field.name } });
  }
  const size = qr.modules.size;
  const module = Math.floor(Math.min(box.w, box.h) / (size + 2 * QUIET));
  if (module < 1) {
    throw new AppError('unprocessable', `El código QR del campo «${field.label}» no cabe en este formato.`, { details: { field: field.name } });
  }
  const side = module * (size + 2 * QUIET);
  const { x, y } = place(side, side, box, align ?? 'center', valign ?? 'middle');
  let d = '';
  for (let row = 0; row < size; row++) {
    let col = 0;
    while (col < size) {
      if (!qr.modules.get(row, col)) { col++; continue; }
      const start = col;
      while (col < size && qr.modules.get(row, col)) col++;
      d += `M${x + (start + QUIET) * module} ${y + (row + QUIET) * module}h${(col - start) * module}v${module}h${-(col - start) * module}z`;
    }
  }
  const card = roundedRect({ x, y, w: side, h: side }, module * 1.5, '#ffffff');
  return `${card}<path d="${d}" fill="${escapeXml(dark)}" shape-rendering="crispEdges"/>`;
}
