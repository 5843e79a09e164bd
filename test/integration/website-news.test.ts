import { Hono } from 'hono';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OutgoingVariant, PublishContext } from '../../src/channels/channel.js';
import { websiteChannel } from '../../src/channels/website/index.js';
import type { ChannelAccount, MediaAsset } from '../../src/generated/prisma/client.js';
import type { AppEnv } from '../../src/http/env.js';
import { createMediaStore, type MediaStore } from '../../src/media/store.js';
import { findPiece, pieceSnapshot } from '../../src/pieces/piece-view.js';
import { parseXml, type XmlElement } from '../../src/render/xml.js';
import { newsRoutes } from '../../src/website/routes.js';
import { createTestContext, type TestContext } from '../support/test-db.js';

/**
 * The public news pages over a real migrated database. publish-piece is being written at the
 * same time, so the rows it will create (piece, approved version, website variant, account,
 * publication) are built here by hand with Prisma, and the slug and URL come from the real
 * website channel's publish().
 */

const publicUrl = 'https://pregon.sanmartin.gov.co';
let t: TestContext;
let media: MediaStore;
let app: Hono<AppEnv>;
let website: ChannelAccount;

beforeAll(async () => {
  t = await createTestContext({ PREGON_PUBLIC_URL: publicUrl });
  media = createMediaStore(t.config.mediaDir);
  app = new Hono<AppEnv>();
  app.use('*', (c, next) => {
    c.set('db', t.db);
    c.set('config', t.config);
    c.set('media', media);
    return next();
  });
  app.route('/', newsRoutes);
  website = await t.db.channelAccount.create({ data: { network: 'website', label: 'Sitio web' } });
});
afterAll(async () => {
  await t.close();
});

const get = (path: string, headers: Record<string, string> = {}) => app.request(path, { headers });

let colorSeed = 0;
/** A real PNG, different every time (files are content-addressed), stored as the media library does. */
async function storeImage(): Promise<MediaAsset> {
  colorSeed += 1;
  const bytes = await sharp({ create: { width: 8, height: 6, channels: 3, background: { r: colorSeed % 256, g: 40, b: 90 } } }).png().toBuffer();
  const { sha256, storagePath } = await media.put(bytes, 'png');
  return t.db.mediaAsset.create({ data: { kind: 'image', mimeType: 'image/png', bytes: bytes.length, width: 8, height: 6, sha256, storagePath } });
}

type NewsInput = {
  title: string | null;
  text: string;
  pieceTitle?: string;
  link?: string | null;
  images?: { asset: MediaAsset; alt: string }[];
  publishedAt: Date;
  network?: 'website' | 'x';
  account?: ChannelAccount;
  status?: 'published' | 'pending';
};

/** A piece with one variant, its approved version 1 and the publication of that version. */
async function publishNews(input: NewsInput) {
  const piece = await t.db.piece.create({ data: { kind: 'press_release', title: input.pieceTitle ?? 'Pieza sin título propio', status: 'published', approvedVersion: 1 } });
  const variant = await t.db.pieceVariant.create({ data: { pieceId: piece.id, network: input.network ?? 'website', title: input.title, text: input.text, link: input.link ?? null } });
  const images = input.images ?? [];
  for (const [position, image] of images.entries()) {
    await t.db.variantMedia.create({ data: { variantId: variant.id, mediaAssetId: image.asset.id, position, altText: image.alt } });
  }
  await t.db.pieceVersion.create({ data: { pieceId: piece.id, version: 1, snapshot: pieceSnapshot(await findPiece(t.db, piece.id)) } });
  const result = await websiteChannel.publish(publishContext(), outgoing(piece.id, piece.title, input, images));
  const publication = await t.db.publication.create({
    data: {
      pieceId: piece.id,
      variantId: variant.id,
      accountId: (input.account ?? website).id,
      pieceVersion: 1,
      status: input.status ?? 'published',
      remoteId: result.remoteId,
      url: result.url,
      publishedAt: input.publishedAt,
      rawResponse: JSON.stringify(result.raw),
    },
  });
  return { piece, variant, publication, slug: result.remoteId };
}

function publishContext(): PublishContext {
  return {
    settings: t.config.channels,
    credentials: { accessToken: '', refreshToken: null, expiresAt: null, remoteAccountId: null },
    account: { id: website.id, label: website.label, remoteAccountId: null, sandbox: false },
    progress: null,
    saveProgress: async () => {},
  };
}

function outgoing(pieceId: string, pieceTitle: string, input: NewsInput, images: { asset: MediaAsset; alt: string }[]): OutgoingVariant {
  return {
    pieceId,
    pieceKind: 'press_release',
    pieceTitle,
    pieceBody: '',
    title: input.title,
    text: input.text,
    link: input.link ?? null,
    options: {},
    media: images.map(({ asset, alt }) => ({ id: asset.id, kind: 'image', mimeType: asset.mimeType, bytes: asset.bytes, width: asset.width, height: asset.height, altText: alt, read: () => media.read(asset.storagePath) })),
    event: null,
  };
}

// ------------------------------------------------------------------ reading the answers

function decodeHtml(s: string): string {
  return s.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

/** The content of `<meta property|name="key" content="…">`, decoded; undefined if absent. */
function meta(html: string, key: string): string | undefined {
  const m = new RegExp(`<meta (?:property|name)="${key.replace(/[.:]/g, '\\$&')}" content="([^"]*)"`).exec(html);
  return m ? decodeHtml(m[1]!) : undefined;
}

function jsonLd(html: string): Record<string, unknown> {
  const m = /<script type="application\/ld\+json">([\s\S]*?)<\/script>/.exec(html);
  if (!m) throw new Error('no JSON-LD');
  expect(m[1]).not.toMatch(/[<>]/);
  return JSON.parse(m[1]!) as Record<string, unknown>;
}

const articleLinks = (html: string) => [...html.matchAll(/<h2><a href="\/noticias\/([a-z0-9-]+)">/g)].map((m) => m[1]);

const children = (el: XmlElement, name: string) => el.children.filter((n): n is XmlElement => typeof n !== 'string' && n.name === name);
function child(el: XmlElement, name: string): XmlElement {
  const found = children(el, name)[0];
  if (!found) throw new Error(`<${el.name}> has no <${name}>`);
  return found;
}
const text = (el: XmlElement) => el.children.filter((n): n is string => typeof n === 'string').join('');
const attr = (el: XmlElement, name: string) => el.attrs.find(([n]) => n === name)?.[1];

// ------------------------------------------------------------------ tests, in order: each adds news

describe('news list', () => {
  it('says there is no news yet on page 1, and has no page 2', async () => {
    const res = await get('/noticias');
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html.startsWith('<!doctype html><html lang="es-CO">')).toBe(true);
    expect(html).toContain('Todavía no hay noticias publicadas.');
    expect(html).toContain('Alcaldía de San Martín');
    expect((await get('/noticias?pagina=2')).status).toBe(404);
  });

  it('lists published website news newest first, 10 a page, with previous/next links', async () => {
    const slugs: string[] = [];
    for (let i = 1; i <= 12; i++) {
      const { slug } = await publishNews({ title: `Noticia número ${i}`, text: `Texto de la noticia ${i}.`, publishedAt: new Date(Date.UTC(2026, 0, i, 15)) });
      slugs.push(slug);
    }
    // Not on the website: a pending website publication and a published post on X.
    await publishNews({ title: 'Pendiente', text: 'Aún no sale.', publishedAt: new Date(Date.UTC(2026, 5, 1)), status: 'pending' });
    const x = await t.db.channelAccount.create({ data: { network: 'x', label: '@sanmartin' } });
    await publishNews({ title: 'Solo en X', text: 'Un trino.', publishedAt: new Date(Date.UTC(2026, 5, 1)), network: 'x', account: x });

    const page1 = await (await get('/noticias')).text();
    expect(articleLinks(page1)).toEqual(slugs.slice(2).reverse());
    expect(page1).toContain('Página 1 de 2');
    expect(page1).toContain('<a rel="next" href="/noticias?pagina=2">');
    expect(page1).not.toContain('rel="prev"');
    expect(page1).toContain('<time datetime="2026-01-12T15:00:00.000Z">12 de enero de 2026</time>');
    expect(page1).toContain('Texto de la noticia 12.');
    expect(page1).toContain(`<link rel="canonical" href="${publicUrl}/noticias"/>`);

    const page2 = await (await get('/noticias?pagina=2')).text();
    expect(articleLinks(page2)).toEqual([slugs[1], slugs[0]]);
    expect(page2).toContain('<a rel="prev" href="/noticias">');
    expect(page2).not.toContain('rel="next"');

    for (const bad of ['3', '0', '-1', 'dos', '1.5']) expect((await get(`/noticias?pagina=${bad}`)).status).toBe(404);
    const notFound = await get('/noticias?pagina=3');
    expect(await notFound.text()).toContain('Página no encontrada');
    expect(notFound.headers.get('etag')).toBeNull();
  });

  it('shows the date in the office time zone, a summary cut on a word and the first image as thumbnail', async () => {
    const [first, second] = [await storeImage(), await storeImage()];
    const long = `${'Palabra '.repeat(40)}fin.`;
    // 03:00 UTC on the 25th is still the 24th in Bogotá.
    const { slug } = await publishNews({
      title: 'Resumen',
      text: long,
      publishedAt: new Date('2026-11-25T03:00:00Z'),
      images: [
        { asset: first, alt: 'Primera foto' },
        { asset: second, alt: 'Segunda foto' },
      ],
    });
    const html = await (await get('/noticias')).text();
    expect(articleLinks(html)[0]).toBe(slug);
    expect(html).toContain('>24 de noviembre de 2026</time>');
    const summary = /<p class="summary">([^<]*)<\/p>/.exec(html)![1]!;
    expect(summary).toMatch(/^(Palabra ){24}Palabra…$/);
    expect(html).toContain(`<img class="thumb" src="/noticias/imagenes/${first.id}" alt="Primera foto" width="8" height="6" loading="lazy"/>`);
    expect(html).not.toContain(second.id);
  });
});

describe('article page', () => {
  const title = 'Feria "Agro" & <Mercado> de Año Nuevo';
  const body = [
    'La Alcaldía invita a la feria.',
    '',
    '# Contexto',
    'Primera línea del contexto',
    'segunda línea del contexto',
    '',
    '<script>alert("x")</script> <b>negrita</b>',
    '',
    '## Detalles',
    'Cierre del comunicado.',
  ].join('\n');
  let news: Awaited<ReturnType<typeof publishNews>>;
  let image: MediaAsset;

  beforeAll(async () => {
    image = await storeImage();
    news = await publishNews({ title, text: body, link: 'https://www.sanmartin.gov.co/feria', images: [{ asset: image, alt: 'Puestos de la feria en la plaza' }], publishedAt: new Date('2026-11-24T15:00:00Z') });
  });

  it('is at the URL the channel returned', async () => {
    expect(news.slug).toMatch(/^feria-agro-mercado-de-ano-nuevo-[a-z0-9]{6}$/);
    expect(news.publication.url).toBe(`${publicUrl}/noticias/${news.slug}`);
    expect((await get(new URL(news.publication.url!).pathname)).status).toBe(200);
  });

  it('shows the text escaped, with its paragraphs, line breaks and headings', async () => {
    const res = await get(`/noticias/${news.slug}`);
    expect(res.headers.get('content-type')).toContain('text/html');
    const html = await res.text();
    expect(html).toContain('<h1>Feria &quot;Agro&quot; &amp; &lt;Mercado&gt; de Año Nuevo</h1>');
    expect(html).toContain('<p>La Alcaldía invita a la feria.</p><h2>Contexto</h2><p>Primera línea del contexto<br/>segunda línea del contexto</p>');
    expect(html).toContain('<p>&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &lt;b&gt;negrita&lt;/b&gt;</p><h3>Detalles</h3><p>Cierre del comunicado.</p>');
    expect(html).not.toContain('<script>alert');
    expect(html).not.toContain('<b>');
    expect(html).toContain('Publicado el <time datetime="2026-11-24T15:00:00.000Z">24 de noviembre de 2026</time>');
    expect(html).toContain(`<img src="/noticias/imagenes/${image.id}" alt="Puestos de la feria en la plaza" width="8" height="6"/>`);
    expect(html).toContain('<a href="https://www.sanmartin.gov.co/feria" rel="external">Más información</a>');
  });

  it('works under the strict CSP: no inline style, no script but JSON-LD data', async () => {
    const html = await (await get(`/noticias/${news.slug}`)).text();
    expect(html).not.toMatch(/\sstyle=/);
    expect(html.match(/<script[^>]*>/g)).toEqual(['<script type="application/ld+json">']);
    expect(html).toContain('<link rel="stylesheet" href="/public/news.css"/>');
    expect(html).toMatch(/<link rel="stylesheet" href="\/noticias\/marca\.css\?v=[0-9a-f]{16}"\/>/);
  });

  it('has canonical, Open Graph and X card tags with absolute URLs', async () => {
    const html = await (await get(`/noticias/${news.slug}`)).text();
    const url = `${publicUrl}/noticias/${news.slug}`;
    expect(html).toContain(`<link rel="canonical" href="${url}"/>`);
    expect(meta(html, 'og:type')).toBe('article');
    expect(meta(html, 'og:title')).toBe(title);
    expect(meta(html, 'og:description')).toMatch(/^La Alcaldía invita a la feria\. Primera línea del contexto segunda línea/);
    expect(meta(html, 'og:url')).toBe(url);
    expect(meta(html, 'og:image')).toBe(`${publicUrl}/noticias/imagenes/${image.id}`);
    expect(meta(html, 'og:image:alt')).toBe('Puestos de la feria en la plaza');
    expect(meta(html, 'og:locale')).toBe('es_CO');
    expect(meta(html, 'og:site_name')).toBe('Alcaldía de San Martín');
    expect(meta(html, 'twitter:card')).toBe('summary_large_image');
    expect(meta(html, 'twitter:image')).toBe(`${publicUrl}/noticias/imagenes/${image.id}`);
    expect(html).toContain(`<link rel="alternate" type="application/rss+xml" title="Noticias de Alcaldía de San Martín (RSS)" href="${publicUrl}/noticias/rss.xml"/>`);
    expect(html).toContain(`<link rel="alternate" type="application/atom+xml" title="Noticias de Alcaldía de San Martín (Atom)" href="${publicUrl}/noticias/atom.xml"/>`);
  });

  it('describes itself as a schema.org NewsArticle, with "<" escaped in the JSON', async () => {
    const ld = jsonLd(await (await get(`/noticias/${news.slug}`)).text());
    expect(ld).toMatchObject({
      '@context': 'https://schema.org',
      '@type': 'NewsArticle',
      headline: title,
      datePublished: '2026-11-24T15:00:00.000Z',
      image: [`${publicUrl}/noticias/imagenes/${image.id}`],
      inLanguage: 'es-CO',
      publisher: { '@type': 'Organization', name: 'Alcaldía de San Martín' },
      mainEntityOfPage: { '@type': 'WebPage', '@id': `${publicUrl}/noticias/${news.slug}` },
    });
    expect(Date.parse(ld.dateModified as string)).toBeGreaterThanOrEqual(Date.parse('2026-11-24T15:00:00Z'));
  });

  it('uses the piece title when the variant has none, and a summary card without an image', async () => {
    const { slug } = await publishNews({ title: null, pieceTitle: 'Convocatoria a la audiencia pública', text: 'Sin imagen.', publishedAt: new Date('2026-11-20T15:00:00Z') });
    expect(slug).toMatch(/^convocatoria-a-la-audiencia-publica-/);
    const html = await (await get(`/noticias/${slug}`)).text();
    expect(html).toContain('<h1>Convocatoria a la audiencia pública</h1>');
    expect(meta(html, 'twitter:card')).toBe('summary');
    expect(meta(html, 'og:image')).toBeUndefined();
    expect(jsonLd(html).image).toEqual([]);
  });

  it('shows only the approved version: a later draft edit does not appear', async () => {
    const draftImage = await storeImage();
    await t.db.piece.update({ where: { id: news.piece.id }, data: { title: 'Título en borrador', version: 2, status: 'draft' } });
    await t.db.pieceVariant.update({ where: { id: news.variant.id }, data: { title: 'Variante en borrador', text: 'TEXTO NO APROBADO' } });
    await t.db.variantMedia.update({ where: { variantId_position: { variantId: news.variant.id, position: 0 } }, data: { mediaAssetId: draftImage.id, altText: 'Foto no aprobada' } });
    await t.db.pieceVersion.create({ data: { pieceId: news.piece.id, version: 2, snapshot: pieceSnapshot(await findPiece(t.db, news.piece.id)) } });

    const html = await (await get(`/noticias/${news.slug}`)).text();
    expect(html).toContain('<h1>Feria &quot;Agro&quot; &amp; &lt;Mercado&gt; de Año Nuevo</h1>');
    expect(html).toContain('La Alcaldía invita a la feria.');
    expect(html).toContain(`/noticias/imagenes/${image.id}`);
    for (const draft of ['borrador', 'NO APROBADO', 'no aprobada', draftImage.id]) expect(html).not.toContain(draft);
    expect((await get(`/noticias/imagenes/${draftImage.id}`)).status).toBe(404);
    expect((await get(`/noticias/imagenes/${image.id}`)).status).toBe(200);
  });

  it('answers 404 in Spanish for an unknown slug', async () => {
    for (const path of ['/noticias/no-existe-abc123', '/noticias/Con%20Espacios', `/noticias/${news.slug.toUpperCase()}`]) {
      const res = await get(path);
      expect(res.status).toBe(404);
      expect(await res.text()).toContain('No encontramos esta página de noticias.');
    }
  });

  it('answers 410 Gone once the publication is cancelled, and drops it from the list and its image', async () => {
    const gone = await publishNews({ title: 'Noticia que se retira', text: 'Error de fecha.', publishedAt: new Date('2026-11-26T15:00:00Z'), images: [{ asset: await storeImage(), alt: 'Foto' }] });
    const imageId = (await t.db.variantMedia.findFirstOrThrow({ where: { variantId: gone.variant.id } })).mediaAssetId;
    expect((await get(`/noticias/imagenes/${imageId}`)).status).toBe(200);
    await websiteChannel.remove(publishContext(), { remoteId: gone.slug, raw: { slug: gone.slug } });
    await t.db.publication.update({ where: { id: gone.publication.id }, data: { status: 'cancelled' } });

    const res = await get(`/noticias/${gone.slug}`);
    expect(res.status).toBe(410);
    expect(await res.text()).toContain('Esta noticia fue retirada');
    expect(await (await get('/noticias')).text()).not.toContain(gone.slug);
    expect(await (await get('/noticias/rss.xml')).text()).not.toContain(gone.slug);
    expect((await get(`/noticias/imagenes/${imageId}`)).status).toBe(404);
  });
});

describe('images', () => {
  it('serves an image of a published website news item with its type and a one-year immutable cache', async () => {
    const asset = await storeImage();
    await publishNews({ title: 'Con foto', text: 'Texto.', publishedAt: new Date('2026-02-01T15:00:00Z'), images: [{ asset, alt: 'Foto' }] });
    const res = await get(`/noticias/imagenes/${asset.id}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/png');
    expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(Buffer.from(await res.arrayBuffer()).equals(await media.read(asset.storagePath))).toBe(true);
    const again = await get(`/noticias/imagenes/${asset.id}`, { 'if-none-match': res.headers.get('etag')! });
    expect(again.status).toBe(304);
  });

  it('does not serve images that are not on a published website news item', async () => {
    const loose = await storeImage();
    const onX = await storeImage();
    const pending = await storeImage();
    const x = await t.db.channelAccount.create({ data: { network: 'x', label: '@otra' } });
    await publishNews({ title: 'En X', text: 'Trino.', publishedAt: new Date(), network: 'x', account: x, images: [{ asset: onX, alt: 'Foto' }] });
    await publishNews({ title: 'Pendiente', text: 'Aún no.', publishedAt: new Date(), status: 'pending', images: [{ asset: pending, alt: 'Foto' }] });
    for (const id of [loose.id, onX.id, pending.id, 'no-existe']) {
      const res = await get(`/noticias/imagenes/${id}`);
      expect(res.status).toBe(404);
      expect(res.headers.get('content-type')).not.toBe('image/png');
    }
  });
});

describe('HTTP caching', () => {
  it('sends ETag, Last-Modified and a 5-minute public cache, and 304 with no body when the ETag matches', async () => {
    for (const path of ['/noticias', '/noticias?pagina=2', '/noticias/rss.xml', '/noticias/atom.xml', (await t.db.publication.findFirstOrThrow({ where: { status: 'published', account: { network: 'website' } } })).url!.replace(publicUrl, '')]) {
      const res = await get(path);
      expect(res.status, path).toBe(200);
      const etag = res.headers.get('etag')!;
      expect(etag).toMatch(/^"[\w-]+"$/);
      expect(res.headers.get('cache-control')).toBe('public, max-age=300');
      expect(new Date(res.headers.get('last-modified')!).getTime()).not.toBeNaN();
      const again = await get(path, { 'if-none-match': `"otro", W/${etag}` });
      expect(again.status, path).toBe(304);
      expect(await again.text()).toBe('');
      expect(again.headers.get('etag')).toBe(etag);
      expect((await get(path, { 'if-none-match': '"otro"' })).status).toBe(200);
    }
  });

  it('gives each page its own ETag and changes them all when a publication changes', async () => {
    const before = await Promise.all(['/noticias', '/noticias?pagina=2', '/noticias/rss.xml', '/noticias/atom.xml'].map(async (p) => (await get(p)).headers.get('etag')));
    expect(new Set(before).size).toBe(4);
    await publishNews({ title: 'Otra más', text: 'Nueva.', publishedAt: new Date('2026-03-01T15:00:00Z') });
    const res = await get('/noticias', { 'if-none-match': before[0]! });
    expect(res.status).toBe(200);
    expect(res.headers.get('etag')).not.toBe(before[0]);
  });
});

describe('feeds', () => {
  const title = 'Año nuevo: "Feria" & <Mercado> en la plaza';
  let slug: string;
  let image: MediaAsset;
  beforeAll(async () => {
    image = await storeImage();
    // A control character pasted from a word processor is not allowed in XML at all: it must be dropped.
    ({ slug } = await publishNews({ title, text: 'Texto con & y < y >.\u0002Fin.', publishedAt: new Date('2027-01-02T15:30:00Z'), images: [{ asset: image, alt: 'Plaza' }] }));
  });

  it('serves well-formed RSS 2.0 with escaped special characters and an enclosure', async () => {
    const res = await get('/noticias/rss.xml');
    expect(res.headers.get('content-type')).toBe('application/rss+xml; charset=utf-8');
    const rss = parseXml(await res.text());
    expect(rss.name).toBe('rss');
    expect(attr(rss, 'version')).toBe('2.0');
    const channel = child(rss, 'channel');
    expect(text(child(channel, 'title'))).toBe('Noticias · Alcaldía de San Martín');
    expect(text(child(channel, 'link'))).toBe(`${publicUrl}/noticias`);
    expect(text(child(channel, 'description'))).toContain('San Martín');
    expect(text(child(channel, 'language'))).toBe('es-co');
    expect(text(child(channel, 'lastBuildDate'))).toMatch(/^[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT$/);
    expect(attr(child(channel, 'atom:link'), 'href')).toBe(`${publicUrl}/noticias/rss.xml`);

    const items = children(channel, 'item');
    const first = items[0]!;
    expect(text(child(first, 'title'))).toBe(title);
    expect(text(child(first, 'link'))).toBe(`${publicUrl}/noticias/${slug}`);
    expect(attr(child(first, 'guid'), 'isPermaLink')).toBe('true');
    expect(text(child(first, 'guid'))).toBe(`${publicUrl}/noticias/${slug}`);
    expect(text(child(first, 'pubDate'))).toBe('Sat, 02 Jan 2027 15:30:00 GMT');
    expect(text(child(first, 'description'))).toBe('Texto con & y < y >.Fin.');
    const enclosure = child(first, 'enclosure');
    expect(enclosure.attrs).toEqual([
      ['url', `${publicUrl}/noticias/imagenes/${image.id}`],
      ['length', String(image.bytes)],
      ['type', 'image/png'],
    ]);
    const dates = items.map((i) => Date.parse(text(child(i, 'pubDate'))));
    expect(dates).toEqual([...dates].sort((a, b) => b - a));
  });

  it('serves well-formed Atom 1.0 with the same entries', async () => {
    const res = await get('/noticias/atom.xml');
    expect(res.headers.get('content-type')).toBe('application/atom+xml; charset=utf-8');
    const feed = parseXml(await res.text());
    expect(feed.name).toBe('feed');
    expect(attr(feed, 'xmlns')).toBe('http://www.w3.org/2005/Atom');
    expect(text(child(feed, 'id'))).toBe(`${publicUrl}/noticias`);
    expect(text(child(feed, 'title'))).toBe('Noticias · Alcaldía de San Martín');
    expect(Date.parse(text(child(feed, 'updated')))).not.toBeNaN();
    expect(children(feed, 'link').map((l) => [attr(l, 'rel'), attr(l, 'href')])).toEqual([
      ['self', `${publicUrl}/noticias/atom.xml`],
      ['alternate', `${publicUrl}/noticias`],
    ]);
    const entry = children(feed, 'entry')[0]!;
    expect(text(child(entry, 'id'))).toBe(`${publicUrl}/noticias/${slug}`);
    expect(text(child(entry, 'title'))).toBe(title);
    expect(text(child(entry, 'published'))).toBe('2027-01-02T15:30:00.000Z');
    expect(Date.parse(text(child(entry, 'updated')))).toBeGreaterThanOrEqual(Date.parse('2027-01-02T15:30:00Z'));
    expect(attr(child(entry, 'link'), 'href')).toBe(`${publicUrl}/noticias/${slug}`);
    expect(text(child(entry, 'summary'))).toBe('Texto con & y < y >.Fin.');
    expect(children(feed, 'entry')).toHaveLength(children(child(parseXml(await (await get('/noticias/rss.xml')).text()), 'channel'), 'item').length);
  });

  it('holds the last 50 news items', async () => {
    const published = await t.db.publication.count({ where: { status: 'published', account: { network: 'website' } } });
    // The higher the number, the older: "Relleno 50" is the 51st, left out.
    for (let i = published; i <= 50; i++) await publishNews({ title: `Relleno ${i}`, text: 'Texto.', publishedAt: new Date(Date.UTC(2025, 0, 1) - i * 60_000) });
    const rss = parseXml(await (await get('/noticias/rss.xml')).text());
    const items = children(child(rss, 'channel'), 'item');
    expect(items).toHaveLength(50);
    expect(text(child(items[0]!, 'title'))).toBe(title);
    expect(items.map((i) => text(child(i, 'title')))).not.toContain('Relleno 50');
    expect(children(parseXml(await (await get('/noticias/atom.xml')).text()), 'entry')).toHaveLength(50);
  });
});

describe('brand colors', () => {
  it('serves the brand kit colors as CSS custom properties and links them by version', async () => {
    const kit = { primary: '#123456', secondary: '#17735a', accent: '#f5b700', background: '#ffffff', text: '#111111', onPrimary: '#ffffff' };
    const before = await get('/noticias');
    await t.db.brandKit.create({ data: { municipality: 'Alcaldía de Villa Prueba', logoSvg: '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1"/>', colors: JSON.stringify(kit), fonts: JSON.stringify({ heading: 'inter-bold', body: 'inter-regular' }) } });

    const css = await get('/noticias/marca.css');
    expect(css.headers.get('content-type')).toBe('text/css; charset=utf-8');
    const body = await css.text();
    expect(body).toContain('--brand: #123456;');
    expect(body).toContain('--ink: #111111;');

    const after = await get('/noticias', { 'if-none-match': before.headers.get('etag')! });
    expect(after.status).toBe(200);
    const html = await after.text();
    expect(html).toContain('<span>Alcaldía de Villa Prueba</span>');
    expect(html.match(/marca\.css\?v=(\w+)/)?.[1]).not.toBe((await before.text()).match(/marca\.css\?v=(\w+)/)?.[1]);
  });
});
