import type { Align, Box, FieldValues, Slot, VAlign } from './types.js';

/**
 * Box math of layouts: manifests give boxes as fractions of the canvas and sizes in units of
 * min(width, height); these turn them into whole pixels for one canvas.
 */
export type PxBox = { x: number; y: number; w: number; h: number };

/** A fractional box in pixels; edges are rounded so that adjacent boxes share their edge. */
export function toPx([bx, by, bw, bh]: Box, width: number, height: number): PxBox {
  const x = Math.round(bx * width);
  const y = Math.round(by * height);
  return { x, y, w: Math.round((bx + bw) * width) - x, h: Math.round((by + bh) * height) - y };
}

/** A box shrunk by a padding on each side (never below zero). */
export function inset(box: PxBox, padX: number, padY: number): PxBox {
  const w = Math.max(0, box.w - 2 * padX);
  const h = Math.max(0, box.h - 2 * padY);
  return { x: box.x + (box.w - w) / 2, y: box.y + (box.h - h) / 2, w, h };
}

/** Top-left corner of a w × h item aligned inside a box. */
export function place(
  w: number, h: number, box: PxBox, align: Align = 'left', valign: VAlign = 'top',
): { x: number; y: number } {
  const dx = align === 'left' ? 0 : align === 'center' ? (box.w - w) / 2 : box.w - w;
  const dy = valign === 'top' ? 0 : valign === 'middle' ? (box.h - h) / 2 : box.h - h;
  return { x: Math.round(box.x + dx), y: Math.round(box.y + dy) };
}

/** The largest w × h of the given aspect (width / height) inside a box. */
export function contain(aspect: number, box: PxBox): { w: number; h: number } {
  return box.w / box.h > aspect
    ? { w: Math.round(box.h * aspect), h: box.h }
    : { w: box.w, h: Math.round(box.w / aspect) };
}

/**
 * A [min, max] size in units of u as whole pixels, with min <= max and min >= 1. `slack`
 * lowers the minimum (scaled-down previews: small sizes round and hint differently, and a
 * preview should not refuse what the full-size render accepts).
 */
export function sizeRange([min, max]: [number, number], u: number, slack = 1): { min: number; max: number } {
  const hi = Math.max(1, Math.floor(max * u));
  return { min: Math.max(1, Math.min(hi, Math.ceil(min * u * slack))), max: hi };
}

/** The smallest box containing all the given boxes. */
export function union(boxes: PxBox[]): PxBox {
  const x = Math.min(...boxes.map((b) => b.x));
  const y = Math.min(...boxes.map((b) => b.y));
  const r = Math.max(...boxes.map((b) => b.x + b.w));
  const bottom = Math.max(...boxes.map((b) => b.y + b.h));
  return { x, y, w: r - x, h: bottom - y };
}

/**
 * Top edges for items of the given heights packed in `box`, with `gaps[i]` above item i (the
 * first is ignored); gaps shrink in proportion (never below 0) if the items would not fit.
 */
export function stackTops(heights: number[], box: PxBox, gaps: number[], valign: VAlign): number[] {
  const sum = heights.reduce((a, b) => a + b, 0);
  const wanted = gaps.slice(1, heights.length).reduce((a, b) => a + b, 0);
  const k = wanted > 0 ? Math.max(0, Math.min(1, (box.h - sum) / wanted)) : 0;
  const total = sum + wanted * k;
  let y = box.y + (valign === 'top' ? 0 : valign === 'middle' ? (box.h - total) / 2 : box.h - total);
  return heights.map((h, i) => {
    if (i > 0) y += (gaps[i] ?? 0) * k;
    const top = Math.round(y);
    y += h;
    return top;
  });
}

/** Whether a slot applies: `if: "photo"` needs the field filled, `if: "!photo"` needs it empty. */
export function slotApplies(slot: Slot, values: FieldValues): boolean {
  if (!slot.if) return true;
  const negate = slot.if.startsWith('!');
  const v = values[negate ? slot.if.slice(1) : slot.if];
  const filled = v !== undefined && v !== null && v !== '';
  return negate ? !filled : filled;
}

/** Cells of a grid of n items in `cols` columns; an incomplete last row is centred. */
export function gridCells(n: number, box: PxBox, gap: number, cols: number): PxBox[] {
  const rows = Math.ceil(n / cols);
  const cw = (box.w - gap * (cols - 1)) / cols;
  const ch = (box.h - gap * (rows - 1)) / rows;
  const cells: PxBox[] = [];
  for (let i = 0; i < n; i++) {
    const row = Math.floor(i / cols);
    const inRow = row === rows - 1 ? n - cols * (rows - 1) : cols;
    const left = box.x + ((cols - inRow) * (cw + gap)) / 2 + (i % cols) * (cw + gap);
    const top = box.y + row * (ch + gap);
    const x = Math.round(left);
    const y = Math.round(top);
    cells.push({ x, y, w: Math.round(left + cw) - x, h: Math.round(top + ch) - y });
  }
  return cells;
}

/**
 * The column count for n cells in a box that scores best: `score(cellW, cellH, emptyPlaces)`.
 * By default, cells closest to `cellAspect` with a penalty for empty places.
 */
export function bestColumns(
  n: number, box: PxBox, gap: number,
  score: (w: number, h: number, empty: number) => number,
): number {
  let best = { cols: 1, score: -Infinity };
  for (let cols = 1; cols <= n; cols++) {
    const rows = Math.ceil(n / cols);
    const cw = (box.w - gap * (cols - 1)) / cols;
    const ch = (box.h - gap * (rows - 1)) / rows;
    if (cw <= 0 || ch <= 0) continue;
    const s = score(cw, ch, rows * cols - n);
    if (s > best.score) best = { cols, score: s };
  }
  return best.cols;
}

/** Cards for n items in a box, as close as possible to `cellAspect` (width / height). */
export function grid(n: number, box: PxBox, gap: number, cellAspect: number): PxBox[] {
  const cols = bestColumns(n, box, gap, (w, h, empty) => -Math.abs(Math.log(w / h / cellAspect)) - empty / n);
  return gridCells(n, box, gap, cols);
}
