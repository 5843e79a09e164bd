import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { AppError } from '../errors.js';
import { parseHex } from './contrast.js';
import { isFontId } from './fonts.js';
import { validateLogoSvg } from './logo.js';
import type { BrandColors, BrandKit } from './types.js';

/** The templates/ folder at the project root (brand kit, one folder per template). */
export const templatesDir = fileURLToPath(new URL('../../templates/', import.meta.url));

export function readTemplateFile(relativePath: string): string {
  return readFileSync(`${templatesDir}${relativePath}`, 'utf8');
}

const colorKeys: (keyof BrandColors)[] = ['primary', 'secondary', 'accent', 'background', 'text', 'onPrimary'];

function brandError(message: string, field: string): AppError {
  return new AppError('unprocessable', message, { details: { field } });
}

/**
 * Checks a brand kit before it reaches an SVG: colors must be `#rrggbb` (they are written into
 * attributes), fonts must be shipped ones, the name must be present. Returns the kit with its
 * colors normalized to lower-case `#rrggbb`.
 */
export function checkBrandKit(brand: BrandKit): BrandKit {
  if (typeof brand?.municipality !== 'string' || !brand.municipality.trim()) {
    throw brandError('La marca debe tener el nombre del municipio.', 'brand.municipality');
  }
  const colors = {} as BrandColors;
  for (const key of colorKeys) {
    const value = brand.colors?.[key];
    if (typeof value !== 'string' || !/^#[0-9a-f]{6}$/i.test(value.trim())) {
      throw brandError(`El color «${key}» de la marca debe tener el formato #rrggbb.`, `brand.colors.${key}`);
    }
    parseHex(value);
    colors[key] = value.trim().toLowerCase();
  }
  for (const key of ['heading', 'body'] as const) {
    if (!isFontId(brand.fonts?.[key])) {
      throw brandError(`La fuente «${key}» de la marca no es una de las fuentes disponibles.`, `brand.fonts.${key}`);
    }
  }
  return { ...brand, municipality: brand.municipality.trim(), colors };
}

type BrandFile = Omit<BrandKit, 'logoSvg'>;

function loadDefaultBrandKit(): BrandKit {
  const file = JSON.parse(readTemplateFile('brand/default.json')) as BrandFile;
  const logoSvg = validateLogoSvg(readTemplateFile('brand/logo.svg'));
  return Object.freeze(checkBrandKit({ ...file, logoSvg }));
}

/** The brand kit shipped in templates/brand/ (default.json + logo.svg). */
export const defaultBrandKit: BrandKit = loadDefaultBrandKit();
