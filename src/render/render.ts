import { AppError } from '../errors.js';
import { checkBrandKit } from './brand.js';
import { composeSvg, fillDesign } from './compose.js';
import { mimeTypes, rasterize } from './encode.js';
import { ensureFontsRegistered } from './fonts.js';
import { aspectClass, getFormat } from './formats.js';
import { validateFields } from './fields.js';
import { validateLogoSvg } from './logo.js';
import { renderSlots } from './slots.js';
import { designSource } from './templates.js';
import { composeAltText, DEFAULT_TIME_ZONE } from './values.js';
import type { BrandKit, Format, RenderRequest, RenderResult } from './types.js';

/**
 * One render: values checked, the template's design filled for the canvas, every slot drawn
 * (texts fitted with Pango, photo, logo, QR, figures) into one self-contained SVG (texts and
 * photos as data URIs), which is returned too. Small canvases: librsvg rasterizes that SVG.
 * Large ones (print): librsvg rasterizes the vector part, sharp composites texts and photos.
 */

/** Canvases larger than this are rasterized as vector background + composited layers. */
const COMPOSITE_ABOVE_PIXELS = 4_000_000;

const cleanLogos = new Map<string, string>();

/** The brand with its colors normalized and its logo checked (cached per logo). */
function prepareBrand(brand: BrandKit): BrandKit {
  const checked = checkBrandKit(brand);
  let logo = cleanLogos.get(brand.logoSvg);
  if (logo === undefined) {
    logo = validateLogoSvg(brand.logoSvg);
    if (cleanLogos.size >= 16) cleanLogos.delete(cleanLogos.keys().next().value as string);
    cleanLogos.set(brand.logoSvg, logo);
  }
  return { ...checked, logoSvg: logo };
}

function checkTimeZone(timeZone: string): string {
  try {
    new Intl.DateTimeFormat('es-CO', { timeZone });
    return timeZone;
  } catch {
    throw new AppError('unprocessable', `La zona horaria «${timeZone}» no existe.`, { details: { timeZone } });
  }
}

/** The format at the requested scale; a print preview keeps its physical size (lower dpi). */
function scaled(format: Format, scale: number): Format {
  if (!(scale > 0 && scale <= 1)) {
    throw new AppError('unprocessable', 'La escala debe ser mayor que 0 y como máximo 1.', { details: { scale } });
  }
  if (scale === 1) return format;
  return {
    ...format,
    width: Math.max(1, Math.round(format.width * scale)),
    height: Math.max(1, Math.round(format.height * scale)),
    dpi: format.kind === 'print' ? Math.max(1, Math.round(format.dpi * scale)) : format.dpi,
  };
}

export async function renderTemplate(r: RenderRequest): Promise<RenderResult> {
  const t = r.template;
  const base = getFormat(r.format);
  if (!t.formats.includes(base.id)) {
    throw new AppError('unprocessable', `La plantilla «${t.name}» no tiene el formato ${base.label}.`, { details: { format: base.id } });
  }
  if (!Object.hasOwn(mimeTypes, r.output)) {
    throw new AppError('unprocessable', `El tipo de salida «${r.output}» no existe: use png, jpeg o webp.`, { details: { output: r.output } });
  }
  const format = scaled(base, r.scale ?? 1);
  const timeZone = checkTimeZone(r.timeZone ?? DEFAULT_TIME_ZONE);
  const brand = prepareBrand(r.brand);
  const values = validateFields(t, r.values);
  const aspect = aspectClass(base.width, base.height);
  const { width, height } = format;
  await ensureFontsRegistered();
  const design = fillDesign(designSource(t), { width, height, aspect, format: base.id, colors: brand.colors, values });
  const ctx = { t, values, brand, format: base, width, height, u: Math.min(width, height), timeZone, slack: format === base ? 1 : 0.8 };
  const { vector, layers } = await renderSlots(t.layouts[base.id] ?? t.layouts[aspect], ctx);
  const svg = composeSvg(design, vector, layers.map((l) => l.svg));
  // Same pixels either way: librsvg paints small canvases fastest in one pass; on large ones
  // it is slow and memory-hungry with big embedded images, so sharp composites them instead.
  const image = width * height > COMPOSITE_ABOVE_PIXELS ? { background: composeSvg(design, vector), layers } : svg;
  const { buffer, mimeType } = await rasterize(image, format, r.output);
  return {
    buffer,
    mimeType,
    width,
    height,
    dpi: format.dpi,
    bytes: buffer.length,
    altText: composeAltText(t, values, timeZone, brand),
    svg,
  };
}
