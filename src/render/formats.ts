import { AppError } from '../errors.js';
import type { AspectClass, Format, FormatId } from './types.js';

const MB = 1024 * 1024;

/** Pixels for a length in centimetres at a density, rounded to the nearest pixel. */
export function cmToPx(cm: number, dpi: number): number {
  return Math.round((cm / 2.54) * dpi);
}

function digital(id: FormatId, label: string, width: number, height: number, maxBytes: number | null = null): Format {
  return { id, label, kind: 'digital', width, height, dpi: 72, maxBytes };
}

function print(id: FormatId, label: string, widthCm: number, heightCm: number, dpi: number): Format {
  return { id, label, kind: 'print', width: cmToPx(widthCm, dpi), height: cmToPx(heightCm, dpi), dpi, maxBytes: null };
}

/**
 * Every output size. Print sizes come from their physical size and density:
 * A3 29,7 × 42 cm at 300 dpi, invitation 10 × 15 cm at 300 dpi, pendón 80 × 200 cm at 100 dpi,
 * valla 8 × 3 m at 25 dpi, newspaper notice 2 columns (10,2 cm) × 10 cm at 300 dpi.
 */
export const formats: Record<FormatId, Format> = {
  x_post: digital('x_post', 'Publicación en X', 1600, 900, 5 * MB),
  ig_square: digital('ig_square', 'Instagram cuadrado', 1080, 1080),
  ig_portrait: digital('ig_portrait', 'Instagram vertical', 1080, 1350),
  story: digital('story', 'Historia (Instagram y Facebook)', 1080, 1920),
  facebook_link: digital('facebook_link', 'Enlace de Facebook', 1200, 630),
  youtube_thumbnail: digital('youtube_thumbnail', 'Miniatura de YouTube', 1280, 720, 2 * MB),
  web_banner: digital('web_banner', 'Banner web', 1920, 600),
  poster_a3: print('poster_a3', 'Afiche A3', 29.7, 42, 300),
  invitation_card: print('invitation_card', 'Tarjeta de invitación 10 × 15 cm', 10, 15, 300),
  pendon: print('pendon', 'Pendón 80 × 200 cm', 80, 200, 100),
  valla: print('valla', 'Valla 8 × 3 m', 800, 300, 25),
  newspaper_notice: print('newspaper_notice', 'Aviso de prensa (2 columnas × 10 cm)', 10.2, 10, 300),
};

export const formatIds = Object.keys(formats) as FormatId[];
export const digitalFormatIds = formatIds.filter((id) => formats[id].kind === 'digital');

export function isFormatId(value: unknown): value is FormatId {
  return typeof value === 'string' && Object.hasOwn(formats, value);
}

export function getFormat(id: string): Format {
  if (!isFormatId(id)) {
    throw new AppError('unprocessable', `El formato «${id}» no existe.`, { details: { format: id } });
  }
  return formats[id];
}

/**
 * The layout rules to use for a canvas: banner (web banner, valla) from 2.3:1, wide (X,
 * Facebook, YouTube) from 1.25:1, square (Instagram, newspaper notice) down to 0.75:1, tall
 * below (story, A3 poster, invitation, pendón).
 */
export function aspectClass(width: number, height: number): AspectClass {
  const ratio = width / height;
  if (ratio >= 2.3) return 'banner';
  if (ratio >= 1.25) return 'wide';
  if (ratio >= 0.75) return 'square';
  return 'tall';
}
