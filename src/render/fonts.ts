import { createRequire } from 'node:module';
import sharp from 'sharp';
import type { BrandKit, FontId } from './types.js';

/**
 * The only fonts a render uses are the Inter TTFs shipped in @expo-google-fonts/inter (OFL).
 * sharp registers a `fontfile` with fontconfig for the whole process; the Pango description
 * below then selects that exact face, so renders do not depend on the machine's fonts.
 */
const require = createRequire(import.meta.url);

const faces: Record<FontId, { file: string; pango: string }> = {
  'inter-regular': { file: '400Regular/Inter_400Regular.ttf', pango: 'Inter' },
  'inter-semibold': { file: '600SemiBold/Inter_600SemiBold.ttf', pango: 'Inter SemiBold' },
  'inter-bold': { file: '700Bold/Inter_700Bold.ttf', pango: 'Inter Bold' },
  'inter-extrabold': { file: '800ExtraBold/Inter_800ExtraBold.ttf', pango: 'Inter ExtraBold' },
};

export const fontIds = Object.keys(faces) as FontId[];

export function isFontId(value: unknown): value is FontId {
  return typeof value === 'string' && Object.hasOwn(faces, value);
}

/** Absolute path of the shipped TTF file of a font. */
export function fontFile(id: FontId): string {
  return require.resolve(`@expo-google-fonts/inter/${faces[id].file}`);
}

/**
 * Pango font description at 72 pt: rendered at `dpi = n`, the font's em is exactly n pixels,
 * so the text input's dpi is the font size in pixels.
 */
export function pangoFont(id: FontId): string {
  return `${faces[id].pango} 72`;
}

/** A slot names 'heading', 'body' or a font id directly. */
export function resolveFont(font: 'heading' | 'body' | FontId, brand: BrandKit): FontId {
  if (font === 'heading') return brand.fonts.heading;
  if (font === 'body') return brand.fonts.body;
  return font;
}

let registered: Promise<void> | null = null;

/**
 * Registers every shipped face once (a tiny render each), so that any font description –
 * including weights switched inside markup – resolves to the shipped files.
 */
export function ensureFontsRegistered(): Promise<void> {
  registered ??= Promise.all(
    fontIds.map((id) =>
      sharp({ text: { text: 'Ñ', font: pangoFont(id), fontfile: fontFile(id), dpi: 8, rgba: true } }).raw().toBuffer(),
    ),
  ).then(() => undefined);
  return registered;
}
