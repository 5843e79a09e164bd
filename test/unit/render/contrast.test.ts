import { describe, expect, it } from 'vitest';
import { checkBrandContrast, contrastRatio, defaultBrandKit } from '../../../src/render/index.js';

describe('contrastRatio (WCAG 2)', () => {
  it('gives the known values', () => {
    expect(contrastRatio('#000000', '#ffffff')).toBeCloseTo(21, 5);
    expect(contrastRatio('#ffffff', '#000000')).toBeCloseTo(21, 5);
    expect(contrastRatio('#777777', '#ffffff')).toBeCloseTo(4.48, 2);
    expect(contrastRatio('#767676', '#ffffff')).toBeGreaterThanOrEqual(4.5);
    expect(contrastRatio('#0e4d92', '#0e4d92')).toBe(1);
    expect(contrastRatio('#fff', '#000')).toBeCloseTo(21, 5);
  });

  it('refuses what is not a hex color', () => {
    expect(() => contrastRatio('red', '#ffffff')).toThrow(/#rrggbb/);
  });
});

describe('checkBrandContrast', () => {
  it('passes every pair of the default brand', () => {
    const pairs = checkBrandContrast(defaultBrandKit);
    expect(pairs.map((p) => p.pair)).toEqual(expect.arrayContaining(['text/background', 'onPrimary/primary']));
    expect(pairs.every((p) => p.ok)).toBe(true);
  });

  it('flags pairs under 4.5, with #777777 on white failing at 4.48', () => {
    const brand = { ...defaultBrandKit, colors: { ...defaultBrandKit.colors, text: '#777777', background: '#ffffff', onPrimary: '#ffffff', primary: '#000000' } };
    const pairs = checkBrandContrast(brand);
    expect(pairs.find((p) => p.pair === 'text/background')).toEqual({ pair: 'text/background', foreground: '#777777', background: '#ffffff', ratio: 4.48, ok: false });
    expect(pairs.find((p) => p.pair === 'onPrimary/primary')).toMatchObject({ ratio: 21, ok: true });
  });
});
