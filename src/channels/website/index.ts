import { ChannelError, type Channel, type CheckInput, type CheckResult, type Counter, type RuleIssue } from '../channel.js';
import { newsSlug } from './slug.js';

/**
 * Pregón's own public news pages (src/website/). Publishing calls no network: the page
 * exists as soon as the publication is recorded as published, because the pages read the
 * published publications from the database. So there is nothing to refresh, remove or
 * reconcile here, and no progress to save.
 *
 * Title: the variant's own title, or the piece's title when the variant has none (the
 * pages do the same). `check` cannot see the piece's title, so an empty variant title is a
 * warning there, and `publish` refuses only when both are empty.
 */

export const websiteLimits = { title: 200, text: 100_000 } as const;

/** Image types every browser shows; the pages serve nothing else. */
export const websiteImageTypes: readonly string[] = ['image/jpeg', 'image/png', 'image/webp'];

/** The public address of a news article. */
export function newsUrl(publicUrl: string, slug: string): string {
  return `${publicUrl}/noticias/${slug}`;
}

export function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

/** Characters as a reader counts them (an emoji or an accented letter is one). */
const length = (s: string) => Array.from(s).length;

function check(variant: CheckInput): CheckResult {
  const issues: RuleIssue[] = [];
  const title = variant.title?.trim() ?? '';
  const text = variant.text.trim();
  const counters: Counter[] = [
    { field: 'title', label: 'Título', used: length(title), limit: websiteLimits.title },
    { field: 'text', label: 'Texto de la noticia', used: length(text), limit: websiteLimits.text },
  ];

  if (!title) {
    issues.push({ field: 'title', code: 'title_from_piece', severity: 'warning', message: 'La noticia no tiene título propio: se publicará con el título de la pieza.' });
  } else if (length(title) > websiteLimits.title) {
    issues.push({ field: 'title', code: 'title_too_long', severity: 'error', message: `El título tiene ${length(title)} caracteres; el máximo es ${websiteLimits.title}.` });
  }
  if (!text) {
    issues.push({ field: 'text', code: 'text_required', severity: 'error', message: 'Escriba el texto de la noticia.' });
  } else if (length(text) > websiteLimits.text) {
    issues.push({ field: 'text', code: 'text_too_long', severity: 'error', message: `El texto tiene ${length(text)} caracteres; el máximo es ${websiteLimits.text}.` });
  }
  const link = variant.link?.trim();
  if (link && !isHttpUrl(link)) {
    issues.push({ field: 'link', code: 'link_invalid', severity: 'error', message: 'El enlace debe ser una dirección web completa que empiece por http:// o https://.' });
  }
  variant.media.forEach((m, i) => {
    const which = `El archivo ${i + 1}`;
    if (m.kind !== 'image' || !websiteImageTypes.includes(m.mimeType)) {
      issues.push({ field: 'media', code: 'media_type', severity: 'error', message: `${which} no es una imagen JPEG, PNG o WebP; la página de noticias solo muestra esas imágenes.` });
    }
    if (!m.altText.trim()) {
      issues.push({ field: 'media', code: 'alt_text_required', severity: 'error', message: `${which} no tiene texto alternativo; es obligatorio para las personas que usan lector de pantalla.` });
    }
  });
  return { issues, counters };
}

export const websiteChannel: Channel = {
  network: 'website',
  label: 'Sitio web',
  needsAccount: false,
  check,

  async publish(ctx, variant) {
    const title = variant.title?.trim() || variant.pieceTitle.trim();
    // The editor may have let errors through; the website applies its own rules again.
    const errors = check({ ...variant, title }).issues.filter((i) => i.severity === 'error');
    if (!title) errors.unshift({ field: 'title', code: 'title_required', severity: 'error', message: 'La noticia necesita un título.' });
    if (errors.length) {
      throw new ChannelError('rejected', errors.map((e) => e.message).join(' '), { reason: errors.map((e) => e.code).join(',') });
    }
    const slug = newsSlug(title, variant.pieceId);
    return { remoteId: slug, url: newsUrl(ctx.settings.publicUrl, slug), publishedAt: new Date(), raw: { slug } };
  },

  /** Nothing remote: once the publication is cancelled, its page answers 410 Gone. */
  async remove() {},

  /** Page views would need a counter table, which Pregón does not have yet. */
  /** The website's numbers are Pregón's own page views (PageViewDay), read by the metrics collector from the database. */
  async fetchMetrics() {
    return new Map();
  },
  metricsBatch: { maxIds: 1000, idsOf: (p) => [p.remoteId] },

  async refresh(_settings, credentials) {
    return { accessToken: credentials.accessToken, refreshToken: credentials.refreshToken, expiresAt: credentials.expiresAt };
  },
};
