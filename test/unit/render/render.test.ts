import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../../src/errors.js';
import { defaultBrandKit, formats, getTemplate, renderTemplate, type RenderRequest } from '../../../src/render/index.js';
import { toPx, union } from '../../../src/render/layout.js';
import { expectNoBlankAreas } from './helpers.js';
import { samples } from './samples.js';

const announcement = getTemplate('announcement');
const request = (o: Partial<RenderRequest> = {}): RenderRequest => ({
  template: announcement, values: samples.announcement!, brand: defaultBrandKit, format: 'x_post', output: 'png', ...o,
});
const withTitle = (title: string) => request({ values: { ...samples.announcement, title } });

async function failure(p: Promise<unknown>): Promise<AppError> {
  const err = await p.then(() => null, (e: unknown) => e);
  expect(err).toBeInstanceOf(AppError);
  return err as AppError;
}

/** The text images drawn in a composed SVG: id, x, y, width, height. */
function textImages(svg: string) {
  return [...svg.matchAll(/<image id="(text-\d+)" x="(-?\d+)" y="(-?\d+)" width="(\d+)" height="(\d+)"/g)].map((m) => ({
    id: m[1]!, x: Number(m[2]), y: Number(m[3]), w: Number(m[4]), h: Number(m[5]),
  }));
}

describe('text that does not fit', () => {
  it('is a 422 naming the field and the format, never a broken image', async () => {
    const longWord = 'Otorrinolaringológicamente'.repeat(3);
    const err = await failure(renderTemplate(withTitle(longWord)));
    expect(err).toMatchObject({ code: 'unprocessable', status: 422, details: { field: 'title', format: 'x_post' } });
    expect(err.message).toMatch(/^El campo «Título» es demasiado largo para el formato Publicación en X/);
  });

  it('shrinks long text that fits, inside its area and the canvas', async () => {
    const short = await renderTemplate(withTitle('Rendición de cuentas'));
    const long = await renderTemplate(withTitle('Audiencia pública de rendición de cuentas 2026: conozca lo que hicimos y participe'));
    const f = formats.x_post;
    const stack = union(announcement.layouts.wide.slots.filter((s) => s.kind === 'text' && s.stack === 'main' && s.if !== 'photo').map((s) => toPx(s.box, f.width, f.height)));
    for (const r of [short, long]) {
      for (const img of textImages(r.svg)) {
        expect(img.x).toBeGreaterThanOrEqual(0);
        expect(img.y).toBeGreaterThanOrEqual(0);
        expect(img.x + img.w).toBeLessThanOrEqual(f.width);
        expect(img.y + img.h).toBeLessThanOrEqual(f.height);
      }
      const title = textImages(r.svg).filter((i) => i.y >= stack.y && i.y + i.h <= stack.y + stack.h).sort((a, b) => b.h - a.h)[0]!;
      expect(title.x + title.w).toBeLessThanOrEqual(stack.x + stack.w);
    }
    // more words in the same box: a taller block of text, still inside the box
    const biggest = (r: typeof short) => textImages(r.svg).sort((a, b) => b.w * b.h - a.w * a.h)[0]!;
    expect(biggest(long).h).toBeGreaterThan(biggest(short).h);
    expect(biggest(long).h).toBeLessThanOrEqual(stack.h);
  });
});

describe('escaping', () => {
  it('renders markup in a field literally', async () => {
    const raw = '<b>&amp; <script>';
    const r = await renderTemplate(withTitle(raw));
    expect(r.altText).toContain(`«${raw}»`);
    expect(r.svg).not.toContain('<script');
    expect(r.svg).not.toContain('<b>');
    expect((await sharp(r.buffer).metadata()).width).toBe(1600);
  });
});

describe('requests that cannot be rendered', () => {
  it('answers 422 for a format the template does not have, an unknown format or output, a bad scale', async () => {
    expect((await failure(renderTemplate(request({ template: getTemplate('live_announcement'), values: samples.live_announcement!, format: 'valla' })))).details).toEqual({ format: 'valla' });
    expect((await failure(renderTemplate(request({ format: 'tv' as never })))).status).toBe(422);
    expect((await failure(renderTemplate(request({ output: 'gif' as never })))).status).toBe(422);
    expect((await failure(renderTemplate(request({ scale: 0 })))).status).toBe(422);
    expect((await failure(renderTemplate(request({ scale: 2 })))).status).toBe(422);
    expect((await failure(renderTemplate(request({ timeZone: 'Marte/Olympus' })))).status).toBe(422);
  });

  it('answers 422 for a brand color that is not #rrggbb, and for an unsafe logo', async () => {
    const colors = { ...defaultBrandKit.colors, primary: 'red" onload="x' };
    expect((await failure(renderTemplate(request({ brand: { ...defaultBrandKit, colors } })))).details).toEqual({ field: 'brand.colors.primary' });
    const logoSvg = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1"><script>alert(1)</script></svg>';
    expect((await failure(renderTemplate(request({ brand: { ...defaultBrandKit, logoSvg } })))).details).toEqual({ field: 'logoSvg' });
  });

  it('answers 422 naming the field for a photo that cannot be read', async () => {
    const broken = { bytes: Buffer.concat([Buffer.from([0xff, 0xd8, 0xff]), Buffer.alloc(100)]), mimeType: 'image/jpeg' };
    expect((await failure(renderTemplate(request({ values: { ...samples.announcement, photo: broken } })))).details).toEqual({ field: 'photo' });
  });
});

describe('the composed SVG', () => {
  it('is the image: rasterized on its own it gives the same pixels', async () => {
    const red = await sharp({ create: { width: 400, height: 300, channels: 3, background: '#d62828' } }).jpeg().toBuffer();
    const photo = { ...samples.announcement, photo: { bytes: red, mimeType: 'image/jpeg' } };
    // small canvases are rasterized from the SVG, large ones composited (poster at half size: 4.3 MP)
    for (const [format, values, scale] of [['x_post', samples.announcement, 1], ['story', photo, 1], ['poster_a3', photo, 0.5]] as const) {
      const r = await renderTemplate(request({ format, values, scale }));
      const a = await sharp(r.buffer).raw().toBuffer();
      const b = await sharp(Buffer.from(r.svg)).removeAlpha().raw().toBuffer();
      expect(b.length).toBe(a.length);
      let diff = 0;
      for (let i = 0; i < a.length; i++) diff += Math.abs(a[i]! - b[i]!);
      expect(diff / a.length).toBeLessThan(0.5);
    }
  });
});

describe('the blank-area check', () => {
  it('notices a render without its texts', async () => {
    const r = await renderTemplate(request());
    const blank = await sharp({ create: { width: 1600, height: 900, channels: 3, background: defaultBrandKit.colors.primary } }).png().toBuffer();
    await expect(expectNoBlankAreas(announcement, 'x_post', samples.announcement!, { ...r, buffer: blank })).rejects.toThrow(/blank/);
  });
});
