import sharp from 'sharp';
import { fontFile, pangoFont } from './fonts.js';
import { TextRenderCache } from './text-cache.js';
import type { FontId } from './types.js';

/**
 * Text that fits a box, measured with the real font: Pango (through sharp's text input)
 * wraps at word boundaries at the box width; the largest size from `maxSize` down to
 * `minSize` whose wrapped text fits the box is used. Text images are cropped to their ink,
 * so nothing drawn outside them exists: a fitted text can be placed anywhere in its box
 * without overflowing or being clipped.
 */

/** Escapes a value for Pango markup: it then renders literally, whatever it contains. */
export function escapeMarkup(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

export type TextRequest = {
  /** Pango markup for a font size in pixels (the size changes letter spacing). */
  markup: (size: number) => string;
  font: FontId;
  /** Font size range in pixels. */
  minSize: number;
  maxSize: number;
  /** Box to fit, in pixels. */
  width: number;
  height: number;
  align: 'left' | 'center' | 'right';
  /** Never wrap (only the markup's own line breaks): shrink instead. */
  nowrap?: boolean;
  /** Narrow the wrapping width as far as the line count allows, so lines have even lengths. */
  balance?: boolean;
  /** The markup's line height factor (used to count lines). */
  lineHeight?: number;
};

export type FittedText = { png: Buffer; width: number; height: number; size: number };

const pangoAlign = { left: 'left', center: 'centre', right: 'right' } as const;

/** Shared by every render in this process (see text-cache.ts); 64 MB of text images at most. */
export const textCache = new TextRenderCache<FittedText>(64 * 1024 * 1024);

/** Renders at `size` pixels (or, with `autofit`, at the largest size that fits the box). */
function render(req: TextRequest, size: number, o: { autofit?: boolean; width?: number } = {}): Promise<FittedText> {
  const key = JSON.stringify([req.markup(size), req.font, req.nowrap ? null : Math.floor(o.width ?? req.width), o.autofit ? Math.floor(req.height) : null, size, req.align]);
  return textCache.get(key, () => renderUncached(req, size, o));
}

async function renderUncached(req: TextRequest, size: number, o: { autofit?: boolean; width?: number }): Promise<FittedText> {
  const width = req.nowrap ? {} : { width: Math.max(1, Math.floor(o.width ?? req.width)), wrap: 'word' as const };
  const { data, info } = await sharp({
    text: {
      text: req.markup(size),
      font: pangoFont(req.font),
      fontfile: fontFile(req.font),
      ...width,
      ...(o.autofit ? { height: Math.max(1, Math.floor(req.height)) } : { dpi: size }),
      rgba: true,
      align: pangoAlign[req.align],
    },
  })
    .png({ compressionLevel: 4, adaptiveFiltering: false })
    .toBuffer({ resolveWithObject: true });
  return { png: data, width: info.width, height: info.height, size: o.autofit ? (info.textAutofitDpi ?? 0) : size };
}

const fits = (t: FittedText, req: TextRequest) => t.width <= req.width && t.height <= req.height;

/** The first size to try below one that did not fit. */
function nextSize(req: TextRequest, tried: FittedText): number {
  const ratio = Math.min(req.width / tried.width, req.height / tried.height, 0.97);
  return Math.floor(tried.size * ratio);
}

/**
 * Same size, narrower wrapping width, same line count: evens out the lines of wrapped text.
 * The single-line width divided by the line count (plus 4 %) is the first guess; if the words
 * do not break that way, a short binary search between it and the current width.
 */
async function balance(req: TextRequest, text: FittedText): Promise<FittedText> {
  const advance = text.size * 1.21 * (req.lineHeight ?? 1);
  if (text.height < text.size + advance * 0.6 || req.markup(text.size).includes('\n')) return text; // one line, or paragraphs
  const line = await render({ ...req, nowrap: true }, text.size);
  const lines = 1 + Math.round((text.height - line.height) / advance);
  let lo = Math.ceil((line.width / lines) * 1.04);
  let hi = text.width;
  let best = text;
  for (let i = 0; i < 4 && lo < hi - 2; i++) {
    const width = i === 0 ? lo : Math.floor((lo + hi) / 2);
    const tried = await render(req, text.size, { width });
    if (tried.height <= text.height && tried.width <= width) [best, hi] = [tried, width];
    else lo = width + 1;
    if (i === 0 && best !== text) break;
  }
  return best;
}

/**
 * Renders text at the largest size in [minSize, maxSize] that fits the box, or returns null
 * when it does not fit even at minSize. Sizes are whole pixels.
 */
export async function fitText(req: TextRequest): Promise<FittedText | null> {
  const max = Math.max(1, Math.floor(req.maxSize));
  const min = Math.max(1, Math.min(max, Math.ceil(req.minSize)));
  let text = await render(req, max);
  if (fits(text, req)) return req.balance && !req.nowrap ? balance(req, text) : text;
  if (req.nowrap) {
    let size = nextSize(req, text);
    while (!fits(text, req)) {
      if (size < min) return null;
      text = await render(req, size);
      size = Math.min(size - 1, nextSize(req, text));
    }
  } else {
    // Pango's own search for the largest size that fits (measured with the letter spacing of
    // the maximum size, which is wider: the result is on the safe side). It is a hint: a
    // result below the minimum is checked by rendering at the minimum before giving up.
    const auto = await render(req, max, { autofit: true });
    const hint = Math.min(auto.size, max - 1);
    if (hint >= min && auto.size === hint && fits(auto, req)) {
      // Pango's search can stop low: one size up is checked, and searched if it fits too.
      text = (hint < max - 1 ? await largestFitting(req, hint + 1, hint + 1, max - 1, true) : null) ?? auto;
    } else text = (await largestFitting(req, Math.max(min, hint), min, max - 1)) ?? text;
    if (!fits(text, req)) return null;
  }
  return req.balance ? balance(req, text) : text;
}

/**
 * Binary search, by rendering, for the largest size in [lo, hi] that fits, trying `start`
 * first; with `stopIfNot`, gives up at once when `start` does not fit.
 */
async function largestFitting(req: TextRequest, start: number, lo: number, hi: number, stopIfNot = false): Promise<FittedText | null> {
  let best: FittedText | null = null;
  let probe = start;
  while (lo <= hi) {
    const text = await render(req, probe);
    if (fits(text, req)) [best, lo] = [text, probe + 1];
    else if (stopIfNot && !best) return null;
    else hi = probe - 1;
    probe = best && lo <= hi ? Math.ceil((lo + hi) / 2) : Math.floor((lo + hi) / 2);
  }
  return best;
}

/** Renders text at exactly `size` pixels (used to give a group of slots one common size). */
export async function renderTextAt(req: TextRequest, size: number): Promise<FittedText | null> {
  const text = await render(req, size);
  if (!fits(text, req)) return null;
  return req.balance && !req.nowrap ? balance(req, text) : text;
}
