import { escapeXml } from '../render/xml.js';
import { summarize } from './article-text.js';
import type { NewsItem } from './queries.js';
import { siteUrls, type NewsSite } from './site.js';

/**
 * The news as RSS 2.0 and Atom 1.0 (RFC 4287), the newest first. Every text goes through
 * `xml()`, so titles with & < > " or accents stay well-formed.
 */

/** Characters XML 1.0 does not allow at all (escaping cannot save them), e.g. a pasted form feed. */
const notXmlChars = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

function xml(text: string): string {
  return escapeXml(text.replace(notXmlChars, ''));
}

const declaration = '<?xml version="1.0" encoding="UTF-8"?>\n';

export function rssFeed(site: NewsSite, items: NewsItem[], lastChange: Date): string {
  const entries = items.map((item) => {
    const url = siteUrls.article(site, item.slug);
    const image = item.images[0];
    return [
      '<item>',
      `<title>${xml(item.title)}</title>`,
      `<link>${xml(url)}</link>`,
      `<guid isPermaLink="true">${xml(url)}</guid>`,
      `<pubDate>${item.publishedAt.toUTCString()}</pubDate>`,
      `<description>${xml(summarize(item.text))}</description>`,
      image ? `<enclosure url="${xml(siteUrls.image(site, image.id))}" length="${image.bytes}" type="${xml(image.mimeType)}"/>` : '',
      '</item>',
    ].join('');
  });
  return (
    declaration +
    '<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom"><channel>' +
    `<title>${xml(`Noticias · ${site.municipality}`)}</title>` +
    `<link>${xml(siteUrls.list(site))}</link>` +
    `<description>${xml(`Noticias y comunicados de ${site.municipality}`)}</description>` +
    '<language>es-co</language>' +
    `<lastBuildDate>${lastChange.toUTCString()}</lastBuildDate>` +
    // Recommended by the RSS Advisory Board so readers know the feed's own address.
    `<atom:link href="${xml(siteUrls.rss(site))}" rel="self" type="application/rss+xml"/>` +
    entries.join('\n') +
    '</channel></rss>\n'
  );
}

export function atomFeed(site: NewsSite, items: NewsItem[], lastChange: Date): string {
  const entries = items.map((item) => {
    const url = siteUrls.article(site, item.slug);
    return [
      '<entry>',
      `<id>${xml(url)}</id>`,
      `<title>${xml(item.title)}</title>`,
      `<updated>${item.modifiedAt.toISOString()}</updated>`,
      `<published>${item.publishedAt.toISOString()}</published>`,
      `<link rel="alternate" type="text/html" href="${xml(url)}"/>`,
      `<summary>${xml(summarize(item.text))}</summary>`,
      '</entry>',
    ].join('');
  });
  return (
    declaration +
    '<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="es-CO">' +
    `<id>${xml(siteUrls.list(site))}</id>` +
    `<title>${xml(`Noticias · ${site.municipality}`)}</title>` +
    `<updated>${lastChange.toISOString()}</updated>` +
    `<link rel="self" type="application/atom+xml" href="${xml(siteUrls.atom(site))}"/>` +
    `<link rel="alternate" type="text/html" href="${xml(siteUrls.list(site))}"/>` +
    // A feed needs an author unless every entry has one (RFC 4287 §4.1.1).
    `<author><name>${xml(site.municipality)}</name></author>` +
    entries.join('\n') +
    '</feed>\n'
  );
}
