import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { defaultBrandKit, formats, listTemplates, renderTemplate, validateFields, type FormatId, type TemplateManifest } from '../../../src/render/index.js';
import { expectNoBlankAreas, titleOf } from './helpers.js';
import { samples } from './samples.js';

const digital = (Object.keys(formats) as FormatId[]).filter((id) => formats[id].kind === 'digital');

describe.each(listTemplates().map((t) => [t.id, t] as [string, TemplateManifest]))('%s in every digital format', (_, t) => {
  const values = validateFields(t, samples[t.id]!);
  it.each(digital)('%s', async (format) => {
    const r = await renderTemplate({ template: t, values, brand: defaultBrandKit, format, output: 'png' });
    const f = formats[format];
    const meta = await sharp(r.buffer).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(['png', f.width, f.height]);
    expect(r).toMatchObject({ width: f.width, height: f.height, dpi: 72, mimeType: 'image/png', bytes: r.buffer.length });
    expect(meta.space).toBe('srgb');
    expect(meta.icc).toBeDefined();
    expect(r.altText).toContain(titleOf(t, values));
    expect(r.altText).toContain(defaultBrandKit.municipality);
    expect(r.svg.startsWith('<svg')).toBe(true);
    expect(await expectNoBlankAreas(t, format, values, r)).toBeGreaterThanOrEqual(3);
  });
});
