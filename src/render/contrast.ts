import { AppError } from '../errors.js';
import type { BrandColors, BrandKit, ColorRole } from './types.js';

/** `#rrggbb` or `#rgb` to [r, g, b] in 0–255; anything else is refused. */
export function parseHex(color: string): [number, number, number] {
  const m = /^#([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(color.trim());
  if (!m?.[1]) {
    throw new AppError('unprocessable', `El color «${color}» no es válido: use el formato #rrggbb.`, { details: { color } });
  }
  const hex = m[1].length === 3 ? [...m[1]].map((c) => c + c).join('') : m[1];
  return [0, 2, 4].map((i) => parseInt(hex.slice(i, i + 2), 16)) as [number, number, number];
}

/** WCAG 2 relative luminance. */
export function relativeLuminance(color: string): number {
  const [r, g, b] = parseHex(color).map((c) => {
    const s = c / 255;
    return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** WCAG 2 contrast ratio, from 1 (same color) to 21 (black on white). */
export function contrastRatio(a: string, b: string): number {
  const la = relativeLuminance(a);
  const lb = relativeLuminance(b);
  return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
}

/** Of the candidates, the color that reads best on `background`. */
export function bestOn(background: string, candidates: string[]): string {
  let best = candidates[0] ?? '#000000';
  for (const c of candidates) if (contrastRatio(c, background) > contrastRatio(best, background)) best = c;
  return best;
}

/** The brand's own foreground color when it reads (>= 4.5), else black or white. */
function onColor(colors: BrandColors, background: string): string {
  const own = bestOn(background, [colors.onPrimary, colors.text]);
  return contrastRatio(own, background) >= 4.5 ? own : bestOn(background, [own, '#000000', '#ffffff']);
}

/** The hex color of a layout color role. */
export function roleColor(colors: BrandColors, role: ColorRole): string {
  if (role === 'onAccent') return onColor(colors, colors.accent);
  if (role === 'onSecondary') return onColor(colors, colors.secondary);
  return colors[role];
}

/** The foreground / background pairs the templates put text on. */
const pairs: { pair: string; fg: ColorRole; bg: keyof BrandColors }[] = [
  { pair: 'text/background', fg: 'text', bg: 'background' },
  { pair: 'onPrimary/primary', fg: 'onPrimary', bg: 'primary' },
  { pair: 'primary/background', fg: 'primary', bg: 'background' },
  { pair: 'onSecondary/secondary', fg: 'onSecondary', bg: 'secondary' },
  { pair: 'onAccent/accent', fg: 'onAccent', bg: 'accent' },
];

/** Contrast of every pair the templates use; ok when the ratio is at least 4.5 (WCAG AA). */
export function checkBrandContrast(
  brand: BrandKit,
): { pair: string; foreground: string; background: string; ratio: number; ok: boolean }[] {
  return pairs.map(({ pair, fg, bg }) => {
    const foreground = roleColor(brand.colors, fg);
    const background = brand.colors[bg];
    const exact = contrastRatio(foreground, background);
    return { pair, foreground, background, ratio: Math.round(exact * 100) / 100, ok: exact >= 4.5 };
  });
}
