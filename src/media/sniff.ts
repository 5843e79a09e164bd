import sharp from 'sharp';
import { AppError } from '../errors.js';

export type Sniffed = { kind: 'image' | 'video' | 'document'; mimeType: string; width: number | null; height: number | null };

const imageTypes: Record<string, string> = { png: 'image/png', jpeg: 'image/jpeg', webp: 'image/webp' };

/**
 * What a file really is, read from its bytes, never from its name or declared type: a PNG
 * renamed .mp4 is a PNG, and a script renamed .jpg is refused.
 */
export async function sniffMedia(bytes: Buffer): Promise<Sniffed> {
  if (bytes.length >= 12 && bytes.toString('latin1', 4, 8) === 'ftyp') {
    return { kind: 'video', mimeType: 'video/mp4', width: null, height: null };
  }
  if (bytes.toString('latin1', 0, 5) === '%PDF-') return { kind: 'document', mimeType: 'application/pdf', width: null, height: null };
  const meta = await sharp(bytes)
    .metadata()
    .catch(() => null);
  const mimeType = meta?.format ? imageTypes[meta.format] : undefined;
  if (!meta || !mimeType) {
    throw new AppError('unsupported_media_type', 'El archivo no es una imagen PNG, JPEG o WebP, un video MP4 ni un PDF.', { details: { detected: meta?.format ?? null } });
  }
  if ((meta.width ?? 0) * (meta.height ?? 0) > 100_000_000) {
    throw new AppError('unprocessable', 'La imagen es demasiado grande (más de 100 megapíxeles).');
  }
  return { kind: 'image', mimeType, width: meta.width ?? null, height: meta.height ?? null };
}
