import { Hono, type Context } from 'hono';
import type { JSX } from 'hono/jsx/jsx-runtime';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { brandKitHash, getBrandKit } from '../brand/brand-kit.js';
import { newsSlugPattern } from '../channels/website/slug.js';
import type { AppEnv } from '../http/env.js';
import { countArticleView } from '../metrics/page-views.js';
import { answerFromCache, newsValidators, quotedHash } from './cache.js';
import { atomFeed, rssFeed } from './feeds.js';
import { ArticlePage, NewsListPage, NewsMessagePage } from './news-pages.js';
import { countNews, findNewsBySlug, findPublishedImage, listNews } from './queries.js';
import { brandCss, feedSize, newsPerPage, newsSite, type NewsSite } from './site.js';

/**
 * The municipality's public news: list, articles, feeds, their images and the brand colors.
 * No login: mounted at the root of the app and declared public in src/auth/policy.ts.
 * Fixed paths come before `/noticias/:slug` so that they answer first.
 */
export const newsRoutes = new Hono<AppEnv>();

newsRoutes.get('/noticias', async (c) => {
  const kit = await getBrandKit(c.var.db);
  const site = newsSite(c, kit);
  const page = pageNumber(c.req.query('pagina'));
  const total = await countNews(c.var.db);
  const pageCount = Math.max(1, Math.ceil(total / newsPerPage));
  // Page 1 always exists (it says when there is no news yet); later pages only with news on them.
  if (page === null || page > pageCount) return notFoundPage(c, site);
  const cached = answerFromCache(c, await newsValidators(c.var.db, `lista:${page}`, kit));
  if (cached) return cached;
  const items = await listNews(c.var.db, { skip: (page - 1) * newsPerPage, take: newsPerPage });
  return sendPage(c, <NewsListPage site={site} items={items} page={page} pageCount={pageCount} />);
});

newsRoutes.get('/noticias/rss.xml', (c) => sendFeed(c, 'rss'));
newsRoutes.get('/noticias/atom.xml', (c) => sendFeed(c, 'atom'));

newsRoutes.get('/noticias/marca.css', async (c) => {
  const kit = await getBrandKit(c.var.db);
  const cached = answerFromCache(c, { etag: quotedHash(brandKitHash(kit)), lastModified: null, cacheControl: 'public, max-age=300' });
  if (cached) return cached;
  c.header('Content-Type', 'text/css; charset=utf-8');
  return c.body(brandCss(kit));
});

newsRoutes.get('/noticias/imagenes/:mediaId', async (c) => {
  const asset = await findPublishedImage(c.var.db, c.req.param('mediaId'));
  if (!asset) return c.text('Esta imagen no existe o no está publicada.', 404);
  // Files are named by their SHA-256 and never change: browsers may keep them for a year.
  const cached = answerFromCache(c, { etag: `"${asset.sha256}"`, lastModified: asset.createdAt, cacheControl: 'public, max-age=31536000, immutable' });
  if (cached) return cached;
  const bytes = await c.var.media.read(asset.storagePath);
  c.header('Content-Type', asset.mimeType);
  return c.body(new Uint8Array(bytes));
});

newsRoutes.get('/noticias/:slug', async (c) => {
  const kit = await getBrandKit(c.var.db);
  const site = newsSite(c, kit);
  const slug = c.req.param('slug');
  const found = newsSlugPattern.test(slug) ? await findNewsBySlug(c.var.db, slug) : ({ state: 'unknown' } as const);
  if (found.state === 'unknown') return notFoundPage(c, site);
  if (found.state === 'removed') {
    return sendPage(c, <NewsMessagePage site={site} title="Noticia retirada" message="Esta noticia fue retirada por la administración y ya no está disponible." />, 410);
  }
  // A reader, even one answered 304 from their cache; robots and HEAD are not counted.
  await countArticleView(c, slug);
  const cached = answerFromCache(c, await newsValidators(c.var.db, `noticia:${slug}`, kit));
  if (cached) return cached;
  return sendPage(c, <ArticlePage site={site} item={found.item} />);
});

/** `?pagina=` as a page number: absent is 1; anything but a positive whole number is no page. */
function pageNumber(value: string | undefined): number | null {
  if (value === undefined) return 1;
  return /^[1-9]\d{0,5}$/.test(value) ? Number(value) : null;
}

async function sendPage(c: Context<AppEnv>, page: JSX.Element, status: ContentfulStatusCode = 200) {
  // hono/jsx writes no doctype; without it browsers fall back to quirks mode.
  return c.html(`<!doctype html>${await page}`, status);
}

function notFoundPage(c: Context<AppEnv>, site: NewsSite) {
  return sendPage(c, <NewsMessagePage site={site} title="Página no encontrada" message="No encontramos esta página de noticias. Puede que la dirección esté mal escrita." />, 404);
}

const feedFormats = {
  rss: { render: rssFeed, contentType: 'application/rss+xml; charset=utf-8' },
  atom: { render: atomFeed, contentType: 'application/atom+xml; charset=utf-8' },
} as const;

async function sendFeed(c: Context<AppEnv>, format: keyof typeof feedFormats) {
  const kit = await getBrandKit(c.var.db);
  const validators = await newsValidators(c.var.db, format, kit);
  const cached = answerFromCache(c, validators);
  if (cached) return cached;
  const items = await listNews(c.var.db, { skip: 0, take: feedSize });
  const { render, contentType } = feedFormats[format];
  c.header('Content-Type', contentType);
  // With no website publication yet, the feed is as new as this answer.
  return c.body(render(newsSite(c, kit), items, validators.lastModified ?? new Date()));
}
