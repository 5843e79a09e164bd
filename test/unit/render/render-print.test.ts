import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { defaultBrandKit, formats, listTemplates, renderTemplate, validateFields, type FormatId, type OutputType } from '../../../src/render/index.js';
import { samples } from './samples.js';
import { expectNoBlankAreas, jfifDensity, pngDensity, titleOf } from './helpers.js';

/** Every print format a template declares, at full size; the two huge ones as JPEG. */
const cases = listTemplates().flatMap((t) =>
  t.formats.filter((f) => formats[f].kind === 'print').map((f): [string, FormatId, OutputType] => [t.id, f, f === 'valla' || f === 'pendon' ? 'jpeg' : 'png']),
);

describe('print formats', () => {
  it('covers every print format', () => {
    expect(new Set(cases.map(([, f]) => f))).toEqual(new Set(['poster_a3', 'invitation_card', 'pendon', 'valla', 'newspaper_notice']));
  });

  it.each(cases)('%s in %s (%s) carries its size and density', async (id, format, output) => {
    const t = listTemplates().find((x) => x.id === id)!;
    const values = validateFields(t, samples[id]!);
    const r = await renderTemplate({ template: t, values, brand: defaultBrandKit, format, output });
    const f = formats[format];
    const meta = await sharp(r.buffer).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual([output, f.width, f.height]);
    // sharp reports densities from 1 pixel per millimetre up (the valla's 25 dpi is just below)
    if (f.dpi > 25.4) expect(meta.density).toBe(f.dpi);
    expect(r).toMatchObject({ width: f.width, height: f.height, dpi: f.dpi, bytes: r.buffer.length });
    expect(output === 'png' ? pngDensity(r.buffer) : jfifDensity(r.buffer)).toBe(f.dpi);
    expect(r.altText).toContain(titleOf(t, values));
    expect(await expectNoBlankAreas(t, format, values, r)).toBeGreaterThanOrEqual(3);
  }, 30_000);
});
