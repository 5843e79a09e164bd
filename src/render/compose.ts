import { roleColor } from './contrast.js';
import { isFormatId } from './formats.js';
import type { AspectClass, BrandColors, ColorRole, FieldValues, FormatId } from './types.js';

/**
 * Fills a template's SVG design for one canvas. The design files use a tiny syntax:
 *   {{W}} {{H}} {{u}}            canvas width, height and u = min(W, H) in pixels
 *   {{0.05u}} {{0.5W}} {{0.2H}}  a multiple of one of those, rounded to a pixel
 *   {{primary}} {{onAccent}} …   brand colors (every ColorRole)
 *   <!--@if tall !pendon photo-->…<!--@end-->   kept when every condition holds: a list of
 *                                aspect classes and format ids (`!` negates it), or a field
 *                                that is filled (photo) / empty (!photo)
 *   <!--@slots-->                where the vector slots (logo, shapes, icons, QR) are drawn;
 *                                by default on top, just before </svg>. Texts and photos are
 *                                always drawn last, on top of everything.
 */
export type DesignContext = {
  width: number;
  height: number;
  aspect: AspectClass;
  format: FormatId;
  colors: BrandColors;
  values: FieldValues;
};

const roles: ColorRole[] = ['primary', 'secondary', 'accent', 'background', 'text', 'onPrimary', 'onAccent', 'onSecondary'];
const aspects = new Set(['banner', 'wide', 'square', 'tall']);

function holds(condition: string, ctx: DesignContext): boolean {
  return condition.trim().split(/\s+/).filter(Boolean).every((token) => {
    const list = token.replace(/^!/, '').split('|');
    if (list.every((a) => aspects.has(a) || isFormatId(a))) {
      const match = list.includes(ctx.aspect) || list.includes(ctx.format);
      return token.startsWith('!') ? !match : match;
    }
    const negate = token.startsWith('!');
    const v = ctx.values[negate ? token.slice(1) : token];
    const filled = v !== undefined && v !== null && v !== '';
    return negate ? !filled : filled;
  });
}

export function fillDesign(source: string, ctx: DesignContext): string {
  const u = Math.min(ctx.width, ctx.height);
  const named: Record<string, string> = { W: String(ctx.width), H: String(ctx.height), u: String(u) };
  for (const role of roles) named[role] = roleColor(ctx.colors, role);
  const unit: Record<string, number> = { W: ctx.width, H: ctx.height, u };
  return source
    .replace(/<!--@if ([^>]*?)-->([\s\S]*?)<!--@end-->/g, (_, cond: string, body: string) => (holds(cond, ctx) ? body : ''))
    .replace(/\{\{\s*([\d.]+)?\s*([A-Za-z]+)\s*\}\}/g, (whole, factor: string | undefined, name: string) => {
      if (factor !== undefined) {
        const base = unit[name];
        return base === undefined ? whole : String(Math.round(Number(factor) * base));
      }
      return named[name] ?? whole;
    });
}

/**
 * The design with the vector slots drawn at its `<!--@slots-->` marker (or on top), and the
 * raster layers (texts, photos) above everything, in order: exactly what rasterize() paints by
 * compositing the layers onto the rasterized background.
 */
export function composeSvg(design: string, vector: string[], rasters: string[] = []): string {
  const body = vector.join('\n');
  const withSlots = design.includes('<!--@slots-->')
    ? design.replace('<!--@slots-->', () => body)
    : insertBeforeEnd(design, body);
  return rasters.length ? insertBeforeEnd(withSlots, rasters.join('\n')) : withSlots;
}

function insertBeforeEnd(svg: string, content: string): string {
  const end = svg.lastIndexOf('</svg>');
  return `${svg.slice(0, end)}${content}\n</svg>\n`;
}
