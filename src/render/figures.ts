import { roleColor } from './contrast.js';
import { escapeMarkup } from './fit-text.js';
import { resolveFont } from './fonts.js';
import { bestColumns, gridCells, sizeRange, type PxBox } from './layout.js';
import { roundedRect } from './graphics.js';
import type { PreparedText, RenderContext } from './text-slots.js';
import type { FiguresSlot, FigureValue } from './types.js';

/**
 * Key figures as a grid of cards: in each, the figure in large type above its label. Every
 * figure gets the same size, and every label the same size (the smallest that fits all), so
 * the cards read as one set.
 */
export type PreparedFigures = { cards: string; items: PreparedText[] };

/** Padding inside a card, from its size. */
const cardPad = (w: number, h: number) => Math.round(Math.min(w, h) * 0.1);

/**
 * The column count that lets the figures and labels be largest, estimated from their lengths
 * (Inter's average advance is about 0.6 em for figures, 0.52 em for text), with a slight
 * preference for the layout's card aspect.
 */
export function figureColumns(
  figures: FigureValue[], box: PxBox, gap: number, cellAspect: number, figureMax: number, labelMax: number,
): number {
  const figureChars = Math.max(...figures.map((f) => [...f.figure].length));
  const labelChars = Math.max(...figures.map((f) => [...f.label].length));
  return bestColumns(figures.length, box, gap, (w, h, empty) => {
    const pad = cardPad(w, h);
    const iw = w - 3 * pad;
    const ih = h - 2 * pad;
    if (iw <= 0 || ih <= 0) return -Infinity;
    const figure = Math.min(figureMax, (ih * 0.52) / 0.78, iw / (0.6 * figureChars));
    const label = Math.min(labelMax, Math.sqrt((ih * 0.44 * iw) / (labelChars * 0.52 * 1.3)));
    return figure / figureMax + (0.7 * label) / labelMax - 0.1 * Math.abs(Math.log(w / h / cellAspect)) - (0.3 * empty) / figures.length;
  });
}

export function prepareFigures(slot: FiguresSlot, ctx: RenderContext, box: PxBox, index: number): PreparedFigures {
  const figures = (ctx.values[slot.field] ?? []) as FigureValue[];
  if (!figures.length) return { cards: '', items: [] };
  const colors = ctx.brand.colors;
  const gap = Math.round(slot.gap * ctx.u);
  const figureSize = sizeRange(slot.figureSize, ctx.u, ctx.slack);
  const labelSize = sizeRange(slot.labelSize, ctx.u, ctx.slack);
  const cols = figureColumns(figures, box, gap, slot.cellAspect, figureSize.max, labelSize.max);
  const cells = gridCells(figures.length, box, gap, cols);
  const figureColor = roleColor(colors, slot.figureColor);
  const labelColor = roleColor(colors, slot.labelColor);
  const accent = roleColor(colors, 'accent');
  let cards = '';
  const items: PreparedText[] = [];
  figures.forEach((f, i) => {
    const cell = cells[i]!;
    const pad = cardPad(cell.w, cell.h);
    const bar = Math.max(2, Math.min(Math.round(ctx.u * 0.008), Math.round(pad * 0.45)));
    cards += roundedRect(cell, Math.round(ctx.u * 0.018), roleColor(colors, slot.card));
    cards += roundedRect({ x: cell.x + pad, y: cell.y + pad, w: bar, h: cell.h - 2 * pad }, bar / 2, accent);
    const left = cell.x + pad + bar + Math.round(pad * 0.9);
    const inner = { x: left, y: cell.y + pad, w: cell.x + cell.w - pad - left, h: cell.h - 2 * pad };
    const figureBox = { ...inner, h: Math.round(inner.h * 0.52) };
    const labelBox = { ...inner, y: inner.y + figureBox.h + Math.round(inner.h * 0.04), h: inner.h - figureBox.h - Math.round(inner.h * 0.04) };
    const stack = (gap: number) => ({ id: `figures-${index}-${i}`, area: inner, valign: 'middle' as const, gap });
    items.push({
      req: {
        markup: () => `<span foreground="${figureColor}">${escapeMarkup(f.figure)}</span>`,
        font: resolveFont('heading', ctx.brand), minSize: figureSize.min, maxSize: figureSize.max,
        width: figureBox.w, height: figureBox.h, align: 'left', nowrap: true,
      },
      box: figureBox, align: 'left', valign: 'bottom', field: slot.field, group: `figures-${index}-figure`, stack: stack(0),
    });
    items.push({
      req: {
        markup: () => `<span foreground="${labelColor}" line_height="1.05">${escapeMarkup(f.label)}</span>`,
        font: 'inter-semibold', minSize: labelSize.min, maxSize: labelSize.max,
        width: labelBox.w, height: labelBox.h, align: 'left', balance: true,
      },
      box: labelBox, align: 'left', valign: 'top', field: slot.field, group: `figures-${index}-label`,
      stack: stack(Math.round(figureSize.max * 0.2)),
    });
  });
  return { cards, items };
}
