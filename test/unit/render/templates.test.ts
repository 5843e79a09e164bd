import { describe, expect, it } from 'vitest';
import { AppError } from '../../../src/errors.js';
import { aspectClass, defaultBrandKit, formats, getTemplate, listTemplates } from '../../../src/render/index.js';
import { fillDesign } from '../../../src/render/compose.js';
import { designSource } from '../../../src/render/templates.js';

describe('formats', () => {
  it('has the digital sizes and the print sizes from their physical size and density', () => {
    const dims = Object.fromEntries(Object.values(formats).map((f) => [f.id, [f.width, f.height, f.dpi]]));
    expect(dims).toEqual({
      x_post: [1600, 900, 72], ig_square: [1080, 1080, 72], ig_portrait: [1080, 1350, 72], story: [1080, 1920, 72],
      facebook_link: [1200, 630, 72], youtube_thumbnail: [1280, 720, 72], web_banner: [1920, 600, 72],
      poster_a3: [3508, 4961, 300], invitation_card: [1181, 1772, 300], pendon: [3150, 7874, 100],
      valla: [7874, 2953, 25], newspaper_notice: [1205, 1181, 300],
    });
    expect(formats.youtube_thumbnail.maxBytes).toBe(2 * 1024 * 1024);
    expect(Object.values(formats).every((f) => f.label.length > 3)).toBe(true);
  });
});

describe('templates', () => {
  it('ships the seven templates, each in every digital format', () => {
    const ids = listTemplates().map((t) => t.id);
    expect(ids).toEqual(['announcement', 'hearing_invitation', 'key_figures', 'live_announcement', 'press_header', 'qa_card', 'report_cover']);
    const digital = Object.values(formats).filter((f) => f.kind === 'digital').map((f) => f.id);
    for (const t of listTemplates()) {
      expect(t.formats).toEqual(expect.arrayContaining(digital));
      expect(t.fields.some((f) => f.name === t.titleField)).toBe(true);
      expect(Object.keys(t.layouts)).toEqual(expect.arrayContaining(['banner', 'wide', 'square', 'tall']));
    }
    const printed = new Set(listTemplates().flatMap((t) => t.formats));
    expect([...printed]).toEqual(expect.arrayContaining(['poster_a3', 'invitation_card', 'pendon', 'valla', 'newspaper_notice']));
  });

  it('has designs whose placeholders all resolve, for every format and with or without a photo', () => {
    for (const t of listTemplates()) {
      for (const id of t.formats) {
        const f = formats[id];
        for (const values of [{}, { photo: { bytes: Buffer.from('x'), mimeType: 'image/png' } }]) {
          const svg = fillDesign(designSource(t), { width: f.width, height: f.height, aspect: aspectClass(f.width, f.height), format: id, colors: defaultBrandKit.colors, values });
          expect(svg, `${t.id} ${id}`).not.toMatch(/\{\{|<!--@/);
          expect(svg.match(/<rect/g)?.length ?? 0, `${t.id} ${id}`).toBeGreaterThan(1);
        }
      }
    }
  });

  it('answers 404 for an unknown template', () => {
    expect(() => getTemplate('no-existe')).toThrow(AppError);
    try {
      getTemplate('no-existe');
    } catch (err) {
      expect(err).toMatchObject({ code: 'not_found', status: 404 });
      expect((err as Error).message).toContain('no-existe');
    }
  });

  it('loads the default brand kit from templates/brand/', () => {
    expect(defaultBrandKit.municipality).toBe('Alcaldía de San Martín');
    expect(defaultBrandKit.logoSvg).toMatch(/^<svg /);
    expect(defaultBrandKit.fonts).toEqual({ heading: 'inter-extrabold', body: 'inter-regular' });
  });
});
