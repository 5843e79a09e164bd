import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { escapeMarkup, fitText, type TextRequest } from '../../../src/render/fit-text.js';
import { ensureFontsRegistered, fontFile, pangoFont } from '../../../src/render/fonts.js';
import { fontFile as publicFontFile } from '../../../src/render/index.js';
import { existsSync } from 'node:fs';

beforeAll(() => ensureFontsRegistered());

const req = (text: string, o: Partial<TextRequest> = {}): TextRequest => ({
  markup: () => `<span foreground="#000000">${escapeMarkup(text)}</span>`,
  font: 'inter-bold', minSize: 20, maxSize: 80, width: 800, height: 200, align: 'left', ...o,
});

describe('fitText', () => {
  it('uses the maximum size when the text fits', async () => {
    const t = await fitText(req('Rendición de cuentas'));
    expect(t).toMatchObject({ size: 80 });
    expect(t!.width).toBeLessThanOrEqual(800);
  });

  it('shrinks long text between the minimum and the maximum, wrapped at words, inside the box', async () => {
    const text = 'Audiencia pública de rendición de cuentas: ¿qué hicimos con los recursos del municipio este año?';
    const t = (await fitText(req(text)))!;
    expect(t.size).toBeGreaterThanOrEqual(20);
    expect(t.size).toBeLessThan(80);
    expect(t.width).toBeLessThanOrEqual(800);
    expect(t.height).toBeLessThanOrEqual(200);
    // wrapped: more than one line at this size
    expect(t.height).toBeGreaterThan(t.size * 1.5);
    // the largest size that fits: one pixel more does not
    const bigger = await fitText(req(text, { minSize: t.size + 1, maxSize: t.size + 1 }));
    expect(bigger).toBeNull();
  });

  it('returns null when the text does not fit even at the minimum size', async () => {
    expect(await fitText(req('palabra '.repeat(80), { minSize: 40 }))).toBeNull();
    // a word longer than the box cannot wrap: it only fits by shrinking
    expect(await fitText(req('Otorrinolaringólogo'.repeat(3), { minSize: 30 }))).toBeNull();
  });

  it('keeps nowrap text on its own lines and shrinks it instead', async () => {
    const t = (await fitText(req('Miércoles 30 de septiembre de 2026\n12:30 p. m.', { nowrap: true, width: 500, height: 120, minSize: 10 })))!;
    expect(t.width).toBeLessThanOrEqual(500);
    expect(t.height).toBeLessThanOrEqual(120);
    expect(t.size).toBeLessThan(40);
  });

  it('balances wrapped lines without adding lines', async () => {
    const text = 'Audiencia pública de rendición de cuentas 2026';
    const plain = (await fitText(req(text, { width: 1000, height: 300 })))!;
    const even = (await fitText(req(text, { width: 1000, height: 300, balance: true })))!;
    expect(even.size).toBe(plain.size);
    expect(even.height).toBeLessThanOrEqual(plain.height);
    expect(even.width).toBeLessThanOrEqual(plain.width);
  });

  it('renders Spanish text with the shipped Inter faces', async () => {
    for (const id of ['inter-regular', 'inter-semibold', 'inter-bold', 'inter-extrabold'] as const) {
      expect(existsSync(publicFontFile(id))).toBe(true);
    }
    const widths = [];
    for (const font of ['inter-regular', 'inter-extrabold'] as const) {
      const t = await fitText(req('¿Año? ¡Ñandú! áéíóú ü', { font, width: 3000 }));
      expect(t).not.toBeNull();
      widths.push(t!.width);
    }
    expect(widths[1]).toBeGreaterThan(widths[0]!);
    expect(fontFile('inter-bold')).toMatch(/Inter_700Bold\.ttf$/);
  });
});

describe('escaping for Pango markup', () => {
  it('renders markup-looking text literally', async () => {
    const raw = '<b>&amp; <script>';
    expect(escapeMarkup(raw)).toBe('&lt;b&gt;&amp;amp; &lt;script&gt;');
    const literal = (await fitText(req(raw, { width: 3000 })))!;
    const interpreted = (await fitText({ ...req('', { width: 3000 }), markup: () => '<b>&amp;</b>' }))!;
    // 17 visible characters against one "&"
    expect(literal.width).toBeGreaterThan(interpreted.width * 5);
    // unescaped, the same text is refused by Pango: escaping is what makes it safe
    await expect(sharp({ text: { text: raw, font: pangoFont('inter-bold'), fontfile: fontFile('inter-bold'), rgba: true } }).png().toBuffer()).rejects.toThrow();
  });
});
