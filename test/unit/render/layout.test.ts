import { describe, expect, it } from 'vitest';
import { aspectClass, formats } from '../../../src/render/index.js';
import { contain, grid, gridCells, inset, place, sizeRange, slotApplies, stackTops, toPx, union } from '../../../src/render/layout.js';
import { fillDesign, composeSvg } from '../../../src/render/compose.js';
import { defaultBrandKit } from '../../../src/render/index.js';
import type { TextSlot } from '../../../src/render/types.js';

describe('box math', () => {
  it('turns fractional boxes into whole pixels whose neighbours share their edge', () => {
    expect(toPx([0.05, 0.1, 0.5, 0.25], 1600, 900)).toEqual({ x: 80, y: 90, w: 800, h: 225 });
    const a = toPx([0, 0, 1 / 3, 1], 1000, 10);
    const b = toPx([1 / 3, 0, 1 / 3, 1], 1000, 10);
    expect(a.x + a.w).toBe(b.x);
  });

  it('aligns an item inside a box', () => {
    const box = { x: 100, y: 50, w: 400, h: 200 };
    expect(place(100, 50, box, 'left', 'top')).toEqual({ x: 100, y: 50 });
    expect(place(100, 50, box, 'center', 'middle')).toEqual({ x: 250, y: 125 });
    expect(place(100, 50, box, 'right', 'bottom')).toEqual({ x: 400, y: 200 });
  });

  it('insets, contains and unites boxes', () => {
    expect(inset({ x: 0, y: 0, w: 100, h: 40 }, 10, 5)).toEqual({ x: 10, y: 5, w: 80, h: 30 });
    expect(inset({ x: 0, y: 0, w: 10, h: 10 }, 20, 20)).toMatchObject({ w: 0, h: 0 });
    expect(contain(2, { x: 0, y: 0, w: 100, h: 100 })).toEqual({ w: 100, h: 50 });
    expect(contain(0.5, { x: 0, y: 0, w: 100, h: 100 })).toEqual({ w: 50, h: 100 });
    expect(union([{ x: 10, y: 10, w: 10, h: 10 }, { x: 0, y: 30, w: 5, h: 5 }])).toEqual({ x: 0, y: 10, w: 20, h: 25 });
  });

  it('turns a size range in units of min(width, height) into whole pixels with min <= max', () => {
    expect(sizeRange([0.05, 0.1], 900)).toEqual({ min: 45, max: 90 });
    expect(sizeRange([0.2, 0.1], 100)).toEqual({ min: 10, max: 10 });
    expect(sizeRange([0.0001, 0.0002], 100)).toEqual({ min: 1, max: 1 });
    expect(sizeRange([0.05, 0.1], 900, 0.8)).toEqual({ min: 36, max: 90 });
  });

  it('packs a stack with its gaps, shrinking the gaps rather than overflowing', () => {
    const box = { x: 0, y: 100, w: 10, h: 100 };
    expect(stackTops([20, 30], box, [0, 10], 'top')).toEqual([100, 130]);
    expect(stackTops([20, 30], box, [0, 10], 'middle')).toEqual([120, 150]);
    expect(stackTops([20, 30], box, [0, 10], 'bottom')).toEqual([140, 170]);
    const tight = stackTops([50, 45], box, [0, 20], 'top');
    expect(tight[1]! + 45).toBeLessThanOrEqual(200);
  });

  it('lays out figure cards in a grid, centring an incomplete last row', () => {
    const box = { x: 0, y: 0, w: 1000, h: 400 };
    const cells = gridCells(5, box, 20, 3);
    expect(cells).toHaveLength(5);
    expect(cells[0]).toMatchObject({ x: 0, y: 0 });
    expect(cells[3]!.x).toBeGreaterThan(cells[0]!.x);
    expect(cells[3]!.x + cells[4]!.x + cells[4]!.w).toBe(1000);
    for (const c of cells) expect(c.x + c.w).toBeLessThanOrEqual(1000);
    expect(grid(4, { x: 0, y: 0, w: 1000, h: 1000 }, 20, 1)).toHaveLength(4);
    expect(new Set(grid(4, { x: 0, y: 0, w: 1000, h: 1000 }, 20, 1).map((c) => c.x)).size).toBe(2);
    expect(new Set(grid(4, { x: 0, y: 0, w: 4000, h: 500 }, 20, 1.5).map((c) => c.y)).size).toBe(1);
  });

  it('classifies every format by aspect ratio', () => {
    const classes = Object.fromEntries(Object.values(formats).map((f) => [f.id, aspectClass(f.width, f.height)]));
    expect(classes).toMatchObject({
      x_post: 'wide', facebook_link: 'wide', youtube_thumbnail: 'wide', web_banner: 'banner', valla: 'banner',
      ig_square: 'square', ig_portrait: 'square', newspaper_notice: 'square',
      story: 'tall', poster_a3: 'tall', invitation_card: 'tall', pendon: 'tall',
    });
  });

  it('applies slots on a filled or empty field', () => {
    const slot = { kind: 'text', if: 'photo' } as TextSlot;
    expect(slotApplies(slot, { photo: { bytes: Buffer.from('x'), mimeType: 'image/png' } })).toBe(true);
    expect(slotApplies(slot, { photo: null })).toBe(false);
    expect(slotApplies({ ...slot, if: '!photo' }, { photo: null })).toBe(true);
  });
});

describe('design files', () => {
  const ctx = { width: 1600, height: 900, aspect: 'wide' as const, format: 'x_post' as const, colors: defaultBrandKit.colors, values: { photo: null } };

  it('fills sizes, multiples and brand colors', () => {
    const out = fillDesign('<rect width="{{W}}" height="{{0.5H}}" rx="{{0.02u}}" fill="{{primary}}" stroke="{{onAccent}}"/>', ctx);
    expect(out).toBe(`<rect width="1600" height="450" rx="18" fill="${defaultBrandKit.colors.primary}" stroke="${defaultBrandKit.colors.text}"/>`);
  });

  it('keeps blocks whose conditions hold', () => {
    const src = '<!--@if wide-->A<!--@end--><!--@if tall|banner-->B<!--@end--><!--@if wide !photo-->C<!--@end--><!--@if photo-->D<!--@end--><!--@if !x_post-->E<!--@end-->';
    expect(fillDesign(src, ctx)).toBe('AC');
  });

  it('draws the slots at the marker or on top', () => {
    expect(composeSvg('<svg>a<!--@slots-->b</svg>', ['X'])).toBe('<svg>aXb</svg>');
    expect(composeSvg('<svg>a</svg>', ['X', 'Y'])).toBe('<svg>aX\nY\n</svg>\n');
  });
});
