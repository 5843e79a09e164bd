/**
 * Rendering core of Pregón: brand templates drawn for every piece and every size. Pure (no
 * database, no HTTP); everything a user can get wrong is an AppError (422 naming the field).
 *
 * How it is organized:
 * - templates/<id>/manifest.json + design.svg: fields, formats, alt-text sentences, and one
 *   layout per aspect class (banner, wide, square, tall; a format may have its own, like the
 *   pendón) placing each field in a box given as fractions of the canvas, with alignment and a
 *   min/max font size in units of min(width, height). The design SVG is the background in
 *   brand colors, with {{placeholders}} and per-class blocks (compose.ts). templates/brand/
 *   holds the default brand kit. Read once and checked by templates.ts and brand.ts.
 * - types.ts, layout-types.ts: the public types and the manifest's layout types.
 * - formats.ts: the twelve output sizes and the aspect class of each.
 * - fields.ts: validateFields; values.ts: how values read (es-CO dates and numbers),
 *   `{placeholder}` substitution and alt texts.
 * - fit-text.ts: text measured and drawn by Pango with the shipped Inter TTFs (fonts.ts),
 *   wrapped at words and shrunk between the slot's sizes, never overflowing its box.
 * - text-slots.ts, figures.ts, slots.ts: a layout turned into vector SVG fragments (logo,
 *   pills, cards, icons, QR codes; graphics.ts) and raster layers (fitted texts, photos);
 *   layout.ts holds the box math (placement, stacks, grids).
 * - render.ts runs a render; encode.ts rasterizes the vector part once with librsvg,
 *   composites the raster layers with sharp and encodes PNG / JPEG / WebP with the density
 *   (print) or sRGB profile (digital), re-encoding to stay under a format's byte limit.
 * - contrast.ts: WCAG contrast of the brand colors; logo.ts + xml.ts: uploaded logo checks.
 */
export type {
  BrandKit, FontId, FormatId, Format, FieldType, FieldDef, TemplateManifest, FieldValues,
  OutputType, RenderRequest, RenderResult, AspectClass, Layout, Slot, ImageValue, FigureValue,
} from './types.js';
export { fontFile } from './fonts.js';
export { defaultBrandKit } from './brand.js';
export { formats, aspectClass } from './formats.js';
export { listTemplates, getTemplate } from './templates.js';
export { validateFields } from './fields.js';
export { renderTemplate } from './render.js';
export { defaultAltText } from './values.js';
export { contrastRatio, checkBrandContrast } from './contrast.js';
export { validateLogoSvg } from './logo.js';
export { textCache } from './fit-text.js';
