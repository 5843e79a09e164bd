import type { Context } from 'hono';
import { brandKitHash } from '../brand/brand-kit.js';
import { newsUrl } from '../channels/website/index.js';
import type { AppEnv } from '../http/env.js';
import type { BrandKit } from '../render/index.js';

/** What every public page and feed needs to know about the site. */
export type NewsSite = {
  /** Pregón's public address, no trailing slash: every absolute URL starts with it. */
  publicUrl: string;
  municipality: string;
  logoSvg: string;
  timeZone: string;
  /** Changes with the brand kit, so the colors stylesheet's address changes too. */
  brandVersion: string;
};

export function newsSite(c: Context<AppEnv>, kit: BrandKit): NewsSite {
  return {
    publicUrl: c.var.config.channels.publicUrl,
    municipality: kit.municipality,
    logoSvg: kit.logoSvg,
    timeZone: c.var.config.timeZone,
    brandVersion: brandKitHash(kit),
  };
}

export const newsPerPage = 10;
export const feedSize = 50;

export const siteUrls = {
  article: (site: NewsSite, slug: string) => newsUrl(site.publicUrl, slug),
  list: (site: NewsSite, page = 1) => `${site.publicUrl}/noticias${page > 1 ? `?pagina=${page}` : ''}`,
  image: (site: NewsSite, mediaId: string) => `${site.publicUrl}/noticias/imagenes/${mediaId}`,
  rss: (site: NewsSite) => `${site.publicUrl}/noticias/rss.xml`,
  atom: (site: NewsSite) => `${site.publicUrl}/noticias/atom.xml`,
};

/** The colors of the brand kit as CSS custom properties; news.css holds the same defaults. */
export function brandCss(kit: BrandKit): string {
  const properties: [string, string][] = [
    ['--brand', kit.colors.primary],
    ['--brand-ink', kit.colors.onPrimary],
    ['--secondary', kit.colors.secondary],
    ['--accent', kit.colors.accent],
    ['--paper', kit.colors.background],
    ['--ink', kit.colors.text],
  ];
  // The kit is checked when saved; checking again keeps anything else out of the stylesheet.
  const lines = properties.filter(([, color]) => /^#[0-9a-fA-F]{6}$/.test(color)).map(([name, color]) => `  ${name}: ${color};`);
  return `/* Colores del kit de marca de Pregón */\n:root {\n${lines.join('\n')}\n}\n`;
}
