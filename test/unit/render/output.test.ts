import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { rasterize } from '../../../src/render/encode.js';
import { defaultBrandKit, formats, getTemplate, renderTemplate, type RenderRequest } from '../../../src/render/index.js';
import { noisyPhoto } from './helpers.js';
import { samples } from './samples.js';

const announcement = getTemplate('announcement');
const request = (o: Partial<RenderRequest> = {}): RenderRequest => ({
  template: announcement, values: samples.announcement!, brand: defaultBrandKit, format: 'x_post', output: 'png', ...o,
});

describe('output', () => {
  it('keeps the YouTube thumbnail under 2 MB even with a noisy photo', async () => {
    const photo = { bytes: await noisyPhoto(1600, 1000), mimeType: 'image/png' };
    expect(photo.bytes.length).toBeGreaterThan(2 * 1024 * 1024);
    const r = await renderTemplate(request({ format: 'youtube_thumbnail', values: { ...samples.announcement, photo } }));
    expect(r.bytes).toBe(r.buffer.length);
    expect(r.bytes).toBeLessThanOrEqual(2 * 1024 * 1024);
    const meta = await sharp(r.buffer).metadata();
    expect([meta.width, meta.height]).toEqual([1280, 720]);
    expect(r.altText).toContain('fotografía');
  });

  it('re-encodes an image over its limit, lower quality then JPEG, and reports its real size', async () => {
    const noise = (await noisyPhoto(1280, 720)).toString('base64');
    const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="1280" height="720"><image width="1280" height="720" href="data:image/png;base64,${noise}"/></svg>`;
    const full = await rasterize(svg, { ...formats.youtube_thumbnail, maxBytes: null }, 'png');
    expect(full.buffer.length).toBeGreaterThan(2 * 1024 * 1024);
    // first a lower-quality PNG (256 colours)…
    const png = await rasterize(svg, formats.youtube_thumbnail, 'png');
    expect(png.buffer.length).toBeLessThanOrEqual(2 * 1024 * 1024);
    expect(png.mimeType).toBe('image/png');
    expect((await sharp(png.buffer).metadata()).isPalette).toBe(true);
    // …then JPEG when that is not enough
    const jpeg = await rasterize(svg, { ...formats.youtube_thumbnail, maxBytes: 700_000 }, 'png');
    expect(jpeg.mimeType).toBe('image/jpeg');
    expect(jpeg.buffer.length).toBeLessThanOrEqual(700_000);
    expect((await sharp(jpeg.buffer).metadata()).format).toBe('jpeg');
    const webp = await rasterize(svg, formats.youtube_thumbnail, 'webp');
    expect(webp.buffer.length).toBeLessThanOrEqual(2 * 1024 * 1024);
  });

  it('encodes JPEG and WebP', async () => {
    for (const output of ['jpeg', 'webp'] as const) {
      const r = await renderTemplate(request({ output, format: 'ig_square' }));
      expect(r.mimeType).toBe(`image/${output}`);
      const meta = await sharp(r.buffer).metadata();
      expect([meta.format, meta.width, meta.height]).toEqual([output, 1080, 1080]);
    }
  });

  it('renders fast low-resolution previews', async () => {
    const r = await renderTemplate(request({ format: 'poster_a3', scale: 0.1 }));
    expect([r.width, r.height, r.dpi]).toEqual([351, 496, 30]);
    const meta = await sharp(r.buffer).metadata();
    expect([meta.width, meta.height]).toEqual([351, 496]);
    const x = await renderTemplate(request({ scale: 0.4 }));
    expect([x.width, x.height, x.dpi]).toEqual([640, 360, 72]);
  });

  it('draws a photo where the layout puts it', async () => {
    const red = await sharp({ create: { width: 400, height: 300, channels: 3, background: '#d62828' } }).jpeg().toBuffer();
    const r = await renderTemplate(request({ values: { ...samples.announcement, photo: { bytes: red, mimeType: 'image/jpeg' } } }));
    const { data } = await sharp(r.buffer).extract({ left: 1300, top: 400, width: 10, height: 10 }).raw().toBuffer({ resolveWithObject: true });
    expect([...data.subarray(0, 3)].map((c) => Math.round(c / 16))).toEqual([13, 3, 3]);
  });
});

