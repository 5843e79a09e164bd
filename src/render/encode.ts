import sharp, { type Sharp } from 'sharp';
import { AppError } from '../errors.js';
import type { RasterLayer } from './graphics.js';
import { jpegWithIcc, pngWithIcc, srgbProfile } from './icc.js';
import type { Format, OutputType } from './types.js';

/**
 * The composed image to PNG, JPEG or WebP. Print formats carry their density (PNG pHYs, JPEG
 * JFIF and EXIF); digital ones are tagged sRGB. A result over the format's maxBytes is
 * re-encoded – lower quality, then JPEG – from one rasterization, until it fits.
 */
export const mimeTypes: Record<OutputType, string> = { png: 'image/png', jpeg: 'image/jpeg', webp: 'image/webp' };

type Attempt = { type: OutputType; quality: number; palette?: boolean };

/** Huffman optimisation needs a second pass over the whole image: only for small digital ones. */
function encoder(image: Sharp, a: Attempt, optimise: boolean): Sharp {
  if (a.type === 'png') return a.palette ? image.png({ palette: true, quality: a.quality, effort: 4 }) : image.png({ compressionLevel: 6 });
  if (a.type === 'jpeg') {
    return image.jpeg({ quality: a.quality, chromaSubsampling: a.quality >= 85 ? '4:4:4' : '4:2:0', optimiseCoding: optimise });
  }
  return image.webp({ quality: a.quality, effort: 4 });
}

/** Inserts a JFIF APP0 segment (density in dots per inch) right after the JPEG's SOI marker. */
export function withJfifDensity(jpeg: Buffer, dpi: number): Buffer {
  if (jpeg[0] !== 0xff || jpeg[1] !== 0xd8 || (jpeg[2] === 0xff && jpeg[3] === 0xe0)) return jpeg;
  const d = Math.max(1, Math.min(65535, Math.round(dpi)));
  const app0 = Buffer.from([0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0x01, 0x01, d >> 8, d & 0xff, d >> 8, d & 0xff, 0x00, 0x00]);
  return Buffer.concat([jpeg.subarray(0, 2), app0, jpeg.subarray(2)]);
}

async function encode(image: Sharp, format: Format, a: Attempt): Promise<Buffer> {
  if (format.kind === 'print') {
    const buffer = await encoder(image.withDensity(format.dpi), a, false).toBuffer();
    return a.type === 'jpeg' ? withJfifDensity(buffer, format.dpi) : buffer;
  }
  if (a.type === 'webp') return encoder(image.withIccProfile('srgb'), a, true).toBuffer();
  const [buffer, icc] = await Promise.all([encoder(image, a, true).toBuffer(), srgbProfile()]);
  return a.type === 'png' ? pngWithIcc(buffer, icc) : jpegWithIcc(withJfifDensity(buffer, format.dpi), icc);
}

/** Smaller and smaller encodings to try when a result is over the size limit. */
function fallbacks(output: OutputType): Attempt[] {
  const jpeg = [88, 80, 72, 64, 56, 48, 40].map((quality): Attempt => ({ type: 'jpeg', quality }));
  if (output === 'png') return [{ type: 'png', quality: 90, palette: true }, ...jpeg];
  if (output === 'webp') return [70, 60, 50, 40].map((quality): Attempt => ({ type: 'webp', quality })).concat(jpeg.slice(3));
  return jpeg.slice(1);
}

/**
 * A vector background (SVG, rasterized by librsvg) and raster layers composited on top by
 * sharp: faster and leaner than letting librsvg decode and paint big embedded images.
 */
export type Composition = { background: string; layers: RasterLayer[] };

function pipeline(c: Composition): Sharp {
  const image = sharp(Buffer.from(c.background), { unlimited: true, limitInputPixels: false });
  const layers = c.layers.map(({ input, raw, left, top }) => ({ input, left, top, ...(raw ? { raw } : {}) }));
  return (layers.length ? image.composite(layers) : image).removeAlpha();
}

export async function rasterize(image: Composition | string, format: Format, output: OutputType): Promise<{ buffer: Buffer; mimeType: string }> {
  const c = typeof image === 'string' ? { background: image, layers: [] } : image;
  const first: Attempt = { type: output, quality: 90 };
  const buffer = await encode(pipeline(c), format, first);
  if (format.maxBytes === null || buffer.length <= format.maxBytes) return { buffer, mimeType: mimeTypes[output] };
  const { data, info } = await pipeline(c).raw().toBuffer({ resolveWithObject: true });
  const raw = { raw: { width: info.width, height: info.height, channels: info.channels } } as const;
  for (const attempt of fallbacks(output)) {
    const smaller = await encode(sharp(data, raw), format, attempt);
    if (smaller.length <= format.maxBytes) return { buffer: smaller, mimeType: mimeTypes[attempt.type] };
  }
  const mb = (format.maxBytes / 1024 / 1024).toLocaleString('es-CO', { maximumFractionDigits: 1 });
  throw new AppError('unprocessable', `La pieza supera el tamaño máximo de ${mb} MB del formato ${format.label}, aun con la menor calidad.`, {
    details: { format: format.id },
  });
}
