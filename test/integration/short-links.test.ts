import fs from 'node:fs';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { ChannelAccount } from '../../src/generated/prisma/client.js';
import { todayIn } from '../../src/lib/dates.js';
import { countNewsView, countPageView, pageViewDays, websiteViews } from '../../src/metrics/page-views.js';
import { countClick, findOrCreateShortLink, linkClicks, trackLinks, trackVariantLinks } from '../../src/metrics/short-links.js';
import { findPiece, pieceSnapshot } from '../../src/pieces/piece-view.js';
import { createTestContext, createUserWithToken, importSeedPlan, sessionClient, type TestContext } from '../support/test-db.js';

/**
 * Short links (`/l/:code`), the clicks they count, and the website's page views, over a real
 * migrated database. linkRoutes is not mounted in the app yet: a test app mounts it the way
 * src/app.ts will, with the request variables the app sets. The article page's view counting
 * is mounted here as a middleware in front of the real news routes, which is the same call the
 * article handler will make (src/website/routes.tsx is not this module's to edit).
 */

const publicUrl = 'https://pregon.sanmartin.gov.co';
const browser = 'Mozilla/5.0 (Linux; Android 14; SM-A546E) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Mobile Safari/537.36';
let t: TestContext;
let app: TestContext['anon'];
let website: ChannelAccount;

beforeAll(async () => {
  t = await createTestContext({ PREGON_PUBLIC_URL: publicUrl });
  // The real application: its access policy, the short-link router and the article page that counts views.
  app = t.anon;
  website = await t.db.channelAccount.create({ data: { network: 'website', label: 'Sitio web' } });
});
afterAll(async () => {
  await t.close();
});
afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

const visit = (path: string, init: { method?: string; headers?: Record<string, string> } = {}) =>
  app.request(path, { method: init.method ?? 'GET', headers: { 'user-agent': browser, ...init.headers } });

async function newPiece(title = 'Invitación a la audiencia pública') {
  return t.db.piece.create({ data: { kind: 'social_post', title } });
}

const codeOf = (url: string) => url.slice(`${publicUrl}/l/`.length);
const clicksOf = async (shortLinkId: string) => t.db.shortLinkDay.findMany({ where: { shortLinkId }, orderBy: { day: 'asc' } });

/** A tracked link of a new piece, through trackLinks; returns its code and row. */
async function trackedLink(targetUrl: string, network: 'x' | 'facebook' | 'youtube' | 'website' = 'x') {
  const piece = await newPiece();
  const { link } = await trackLinks(t.db, { pieceId: piece.id, network, text: '', link: targetUrl, publicUrl, campaign: 'Plan de Acción Rendición de Cuentas', content: piece.title });
  const code = codeOf(link!);
  return { piece, code, row: await t.db.shortLink.findUniqueOrThrow({ where: { code } }) };
}

describe('making short links', () => {
  it('replaces every link of the text and the link field, leaving the punctuation outside', async () => {
    const piece = await newPiece();
    const text =
      'Lea el informe: https://sanmartin.gov.co/informe. Vea el video (https://youtu.be/abc123)! Historia en https://es.wikipedia.org/wiki/San_Martín_(Meta), y de nuevo https://sanmartin.gov.co/informe?';
    const out = await trackLinks(t.db, { pieceId: piece.id, network: 'x', text, link: 'https://sanmartin.gov.co/informe', publicUrl, campaign: 'Plan de Acción Rendición de Cuentas', content: piece.title });
    const links = await t.db.shortLink.findMany({ where: { pieceId: piece.id } });
    expect(links.map((l) => l.targetUrl).sort()).toEqual(['https://es.wikipedia.org/wiki/San_Martín_(Meta)', 'https://sanmartin.gov.co/informe', 'https://youtu.be/abc123']);
    const short = (target: string) => `${publicUrl}/l/${links.find((l) => l.targetUrl === target)!.code}`;
    expect(out.text).toBe(
      `Lea el informe: ${short('https://sanmartin.gov.co/informe')}. Vea el video (${short('https://youtu.be/abc123')})! Historia en ${short('https://es.wikipedia.org/wiki/San_Martín_(Meta)')}, y de nuevo ${short('https://sanmartin.gov.co/informe')}?`,
    );
    // The link field's URL is the text's first one: the same short link.
    expect(out.link).toBe(short('https://sanmartin.gov.co/informe'));
    for (const l of links) {
      expect(l.network).toBe('x');
      expect(l.code).toMatch(/^[23456789abcdefghjkmnpqrstuvwxyz]{7}$/);
    }
    expect(links.find((l) => l.targetUrl === 'https://youtu.be/abc123')!.destination).toBe(
      'https://youtu.be/abc123?utm_source=x&utm_medium=social&utm_campaign=plan-de-accion-rendicion-de-cuentas&utm_content=invitacion-a-la-audiencia-publica',
    );
  });

  it('gives the same text again on a second call (a retried or reconciled publication), and other codes on another network', async () => {
    const piece = await newPiece();
    const input = { pieceId: piece.id, network: 'facebook' as const, text: 'Inscríbase: https://sanmartin.gov.co/inscripcion', link: null, publicUrl, campaign: 'Plan', content: 'Pieza' };
    const first = await trackLinks(t.db, input);
    const second = await trackLinks(t.db, input);
    expect(second).toEqual(first);
    expect(first.link).toBeNull();
    expect(await t.db.shortLink.count({ where: { pieceId: piece.id } })).toBe(1);
    // Even if the plan is renamed meanwhile: the link made first keeps its destination, and the text stays the same.
    const renamed = await trackLinks(t.db, { ...input, campaign: 'Otro nombre' });
    expect(renamed.text).toBe(first.text);
    const onX = await trackLinks(t.db, { ...input, network: 'x' });
    expect(onX.text).not.toBe(first.text);
    const rows = await t.db.shortLink.findMany({ where: { pieceId: piece.id }, orderBy: { network: 'asc' } });
    expect(rows.map((r) => [r.network, r.targetUrl])).toEqual([
      ['facebook', 'https://sanmartin.gov.co/inscripcion'],
      ['x', 'https://sanmartin.gov.co/inscripcion'],
    ]);
    expect(rows.find((r) => r.network === 'facebook')!.destination).toContain('utm_source=facebook&utm_medium=social&utm_campaign=plan&');
  });

  it("leaves Pregón's own short links, texts without links and a link field that is not a URL alone", async () => {
    const piece = await newPiece();
    const already = `Ya corto: ${publicUrl}/l/abcdefg y ${publicUrl.toUpperCase()}/L/HJKMNPQ.`;
    const out = await trackLinks(t.db, { pieceId: piece.id, network: 'x', text: already, link: `${publicUrl}/l/abcdefg`, publicUrl: `${publicUrl}/`, campaign: 'P', content: 'C' });
    expect(out).toEqual({ text: already, link: `${publicUrl}/l/abcdefg` });
    const plain = await trackLinks(t.db, { pieceId: piece.id, network: 'x', text: 'Sin enlaces, solo www.sanmartin.gov.co', link: 'no es un enlace', publicUrl, campaign: 'P', content: 'C' });
    expect(plain).toEqual({ text: 'Sin enlaces, solo www.sanmartin.gov.co', link: 'no es un enlace' });
    expect(await t.db.shortLink.count({ where: { pieceId: piece.id } })).toBe(0);
  });

  it('merges UTM with the query and fragment the link has, never replacing a utm_* already there', async () => {
    const { row } = await trackedLink('https://sanmartin.gov.co/encuesta?tema=vias&utm_campaign=boletin-noviembre#preguntas', 'website');
    expect(row.destination).toBe('https://sanmartin.gov.co/encuesta?tema=vias&utm_campaign=boletin-noviembre&utm_source=website&utm_medium=referral&utm_content=invitacion-a-la-audiencia-publica#preguntas');
    expect(row.targetUrl).toBe('https://sanmartin.gov.co/encuesta?tema=vias&utm_campaign=boletin-noviembre#preguntas');
  });

  it('draws another code when the one drawn is taken', async () => {
    const { row: taken } = await trackedLink('https://sanmartin.gov.co/ocupado');
    const piece = await newPiece();
    const draws = [taken.code, 'zzzzzzz'];
    const made = await findOrCreateShortLink(t.db, { pieceId: piece.id, network: 'x', targetUrl: 'https://sanmartin.gov.co/nuevo', destination: 'https://sanmartin.gov.co/nuevo' }, () => draws.shift()!);
    expect(made.code).toBe('zzzzzzz');
    expect(draws).toEqual([]);
    // The taken code still belongs to its own link.
    expect((await t.db.shortLink.findUniqueOrThrow({ where: { code: taken.code } })).targetUrl).toBe('https://sanmartin.gov.co/ocupado');
  });

  it("tracks a variant only when it asks to, with the plan's title as campaign and the piece's as content", async () => {
    const planId = await importSeedPlan(t.db);
    const activity = await t.db.activity.findFirstOrThrow({ where: { subcomponent: { planId } } });
    const plan = await t.db.plan.findUniqueOrThrow({ where: { id: planId } });
    const piece = await t.db.piece.create({ data: { kind: 'social_post', title: 'Así invertimos el presupuesto', activityId: activity.id } });
    const variant = { pieceId: piece.id, network: 'youtube' as const, text: 'Detalles en https://sanmartin.gov.co/presupuesto', link: null, publicUrl };
    expect(await trackVariantLinks(t.db, { ...variant, options: {} })).toEqual({ text: variant.text, link: null });
    expect(await trackVariantLinks(t.db, { ...variant, options: { trackLinks: false } })).toEqual({ text: variant.text, link: null });
    expect(await t.db.shortLink.count({ where: { pieceId: piece.id } })).toBe(0);
    const tracked = await trackVariantLinks(t.db, { ...variant, options: { trackLinks: true } });
    const row = await t.db.shortLink.findFirstOrThrow({ where: { pieceId: piece.id } });
    expect(tracked.text).toBe(`Detalles en ${publicUrl}/l/${row.code}`);
    const utm = new URL(row.destination).searchParams;
    expect(plan.title).toBe('Plan de Acción Rendición de Cuentas');
    expect([utm.get('utm_source'), utm.get('utm_medium'), utm.get('utm_campaign'), utm.get('utm_content')]).toEqual(['youtube', 'social', 'plan-de-accion-rendicion-de-cuentas', 'asi-invertimos-el-presupuesto']);
    // A piece outside the plan: campaign "pregon".
    const loose = await newPiece('Suelta');
    await trackVariantLinks(t.db, { ...variant, pieceId: loose.id, options: { trackLinks: true } });
    const looseRow = await t.db.shortLink.findFirstOrThrow({ where: { pieceId: loose.id } });
    expect(new URL(looseRow.destination).searchParams.get('utm_campaign')).toBe('pregon');
  });
});

describe('GET /l/:code', () => {
  it('redirects to the destination with UTM, uncached, and counts the click on the day in Bogotá', async () => {
    const { code, row } = await trackedLink('https://sanmartin.gov.co/rendicion?anio=2026');
    const res = await visit(`/l/${code}`);
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe(row.destination);
    expect(res.headers.get('location')).toBe('https://sanmartin.gov.co/rendicion?anio=2026&utm_source=x&utm_medium=social&utm_campaign=plan-de-accion-rendicion-de-cuentas&utm_content=invitacion-a-la-audiencia-publica');
    expect(res.headers.get('cache-control')).toBe('no-store');
    // The app's secure headers decide: never the short link's path to the destination site.
    expect(res.headers.get('referrer-policy')).toMatch(/^(no-referrer|strict-origin-when-cross-origin)$/);
    expect(res.headers.get('set-cookie')).toBeNull();
    expect(await clicksOf(row.id)).toEqual([{ shortLinkId: row.id, day: todayIn('America/Bogota'), clicks: 1 }]);
    // A code typed in capitals is the same link.
    expect((await visit(`/l/${code.toUpperCase()}`)).status).toBe(302);
    expect((await clicksOf(row.id))[0]!.clicks).toBe(2);
  });

  it('counts a click at 03:00 UTC on the 25th on the 24th (Bogotá), and one at 05:00 UTC on the 25th', async () => {
    const { code, row } = await trackedLink('https://sanmartin.gov.co/audiencia');
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-11-25T03:00:00Z'));
    await visit(`/l/${code}`);
    await visit(`/l/${code}`);
    vi.setSystemTime(new Date('2026-11-25T05:00:00Z'));
    await visit(`/l/${code}`);
    vi.useRealTimers();
    expect((await clicksOf(row.id)).map((d) => [d.day, d.clicks])).toEqual([
      ['2026-11-24', 2],
      ['2026-11-25', 1],
    ]);
  });

  it('redirects robots, HEAD requests and prefetches without counting them', async () => {
    const { code, row } = await trackedLink('https://sanmartin.gov.co/robots');
    const robots = [
      'facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)',
      'Twitterbot/1.0',
      'Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)',
      'WhatsApp/2.23.20.0 A',
      'TelegramBot (like TwitterBot)',
      'LinkedInBot/1.0 (compatible; Mozilla/5.0)',
      'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)',
      'Mozilla/5.0 (compatible; bingbot/2.0)',
      'AcmeCrawler/1.0',
    ];
    for (const ua of robots) {
      const res = await visit(`/l/${code}`, { headers: { 'user-agent': ua } });
      expect(res.status, ua).toBe(302);
      expect(res.headers.get('location')).toBe(row.destination);
    }
    const head = await visit(`/l/${code}`, { method: 'HEAD' });
    expect(head.status).toBe(302);
    expect(head.headers.get('location')).toBe(row.destination);
    expect((await visit(`/l/${code}`, { headers: { 'sec-purpose': 'prefetch' } })).status).toBe(302);
    expect(await clicksOf(row.id)).toEqual([]);
    await visit(`/l/${code}`);
    expect((await clicksOf(row.id)).map((d) => d.clicks)).toEqual([1]);
  });

  it('answers an unknown or malformed code with a 404 page in Spanish', async () => {
    for (const path of ['/l/zzzzzz2', '/l/abc', '/l/0000000', '/l/a%27b%3Cc']) {
      const res = await visit(path);
      expect(res.status, path).toBe(404);
      expect(res.headers.get('cache-control')).toBe('no-store');
      expect(res.headers.get('location')).toBeNull();
      const html = await res.text();
      expect(html.startsWith('<!doctype html><html lang="es-CO">')).toBe(true);
      expect(html).toContain('Enlace no encontrado');
      expect(html).toContain('Este enlace no existe o fue retirado.');
    }
    // A piece deleted takes its links with it.
    const { piece, code } = await trackedLink('https://sanmartin.gov.co/borrada');
    await t.db.piece.delete({ where: { id: piece.id } });
    expect((await visit(`/l/${code}`)).status).toBe(404);
  });

  it('stores and logs nothing about the visitor', async () => {
    const { code, row } = await trackedLink('https://sanmartin.gov.co/privacidad');
    const marker = 'Visitante-Unico-7f3a9';
    const logged: string[] = [];
    for (const method of ['log', 'info', 'warn', 'error', 'debug'] as const) vi.spyOn(console, method).mockImplementation((...args) => void logged.push(args.map(String).join(' ')));
    const auditBefore = await t.db.auditEntry.count();
    const headers = { 'user-agent': `${browser} ${marker}`, 'x-forwarded-for': '203.0.113.77', 'x-real-ip': '203.0.113.77', cookie: `pregon_rastreo=${marker}`, referer: `https://x.com/${marker}` };
    for (let i = 0; i < 3; i++) expect((await visit(`/l/${code}`, { headers })).status).toBe(302);
    // Every column of every row written: the link's day and its count, nothing else.
    const days = await t.db.$queryRawUnsafe<Record<string, unknown>[]>('SELECT * FROM "ShortLinkDay" WHERE "shortLinkId" = ?', row.id);
    expect(days).toEqual([{ shortLinkId: row.id, day: todayIn('America/Bogota'), clicks: 3 }]);
    const links = await t.db.$queryRawUnsafe<Record<string, unknown>[]>('SELECT * FROM "ShortLink" WHERE "id" = ?', row.id);
    expect(Object.keys(links[0]!).sort()).toEqual(['code', 'createdAt', 'destination', 'id', 'network', 'pieceId', 'targetUrl']);
    expect(JSON.stringify(links, (_k, v) => (typeof v === 'bigint' ? Number(v) : v))).not.toMatch(/Visitante|203\.0\.113|x\.com/);
    expect(await t.db.auditEntry.count()).toBe(auditBefore);
    // Nowhere in the database file (nor its write-ahead log) is any of it.
    await t.db.$queryRawUnsafe('PRAGMA wal_checkpoint(FULL)');
    for (const file of [t.file, `${t.file}-wal`]) {
      if (!fs.existsSync(file)) continue;
      const bytes = fs.readFileSync(file).toString('latin1');
      expect(bytes.includes(marker), file).toBe(false);
      expect(bytes.includes('203.0.113.77'), file).toBe(false);
    }
    expect(logged.filter((l) => /Visitante|203\.0\.113|Mozilla/.test(l))).toEqual([]);
  });
});

describe('the clicks read model', () => {
  it('gives clicks per link and day, filtered by pieces and by days (inclusive)', async () => {
    const a = await trackedLink('https://sanmartin.gov.co/a');
    const b = await trackedLink('https://sanmartin.gov.co/b', 'facebook');
    await countClick(t.db, a.row.id, '2026-11-23');
    await countClick(t.db, a.row.id, '2026-11-24');
    await countClick(t.db, a.row.id, '2026-11-24');
    await countClick(t.db, b.row.id, '2026-11-24');
    await countClick(t.db, b.row.id, '2026-11-26');
    const rows = await linkClicks(t.db, { pieceIds: [a.piece.id, b.piece.id] });
    expect(rows.map((r) => [r.code, r.day, r.clicks])).toEqual(
      [
        [a.code, '2026-11-23', 1],
        ...[
          [a.code, '2026-11-24', 2],
          [b.code, '2026-11-24', 1],
        ].sort((x, y) => String(x[0]).localeCompare(String(y[0]))),
        [b.code, '2026-11-26', 1],
      ],
    );
    expect(rows[0]).toEqual({ shortLinkId: a.row.id, code: a.code, pieceId: a.piece.id, network: 'x', targetUrl: 'https://sanmartin.gov.co/a', day: '2026-11-23', clicks: 1 });
    const window = await linkClicks(t.db, { pieceIds: [a.piece.id, b.piece.id], from: '2026-11-24', to: '2026-11-25' });
    expect(window.map((r) => [r.code, r.clicks]).sort()).toEqual([[a.code, 2], [b.code, 1]].sort());
    expect((await linkClicks(t.db, { pieceIds: [b.piece.id] })).map((r) => r.day)).toEqual(['2026-11-24', '2026-11-26']);
    expect(await linkClicks(t.db, { pieceIds: [] })).toEqual([]);
    await expect(countClick(t.db, a.row.id, '24/11/2026')).rejects.toThrow(/AAAA-MM-DD/);
  });
});

describe('website page views', () => {
  /** A published website article, as publish-piece leaves it: piece, approved version, publication with its slug. */
  async function publishArticle(slug: string, status: 'published' | 'cancelled' = 'published') {
    const piece = await t.db.piece.create({ data: { kind: 'press_release', title: `Noticia ${slug}`, status: 'published', approvedVersion: 1 } });
    const variant = await t.db.pieceVariant.create({ data: { pieceId: piece.id, network: 'website', title: `Noticia ${slug}`, text: 'Texto de la noticia.' } });
    await t.db.pieceVersion.create({ data: { pieceId: piece.id, version: 1, snapshot: pieceSnapshot(await findPiece(t.db, piece.id)) } });
    return t.db.publication.create({
      data: { pieceId: piece.id, variantId: variant.id, accountId: website.id, pieceVersion: 1, status, remoteId: slug, url: `${publicUrl}/noticias/${slug}`, publishedAt: new Date('2026-11-20T15:00:00Z') },
    });
  }
  const viewsOf = async (publicationId: string) => (await websiteViews(t.db, [publicationId])).get(publicationId);

  it('counts views per publication and day, and totals them', async () => {
    const one = await publishArticle('informe-de-gestion-aaa111');
    const two = await publishArticle('balance-de-obras-bbb222');
    await countPageView(t.db, one.id, '2026-11-24');
    await countPageView(t.db, one.id, '2026-11-24');
    await countPageView(t.db, one.id, '2026-11-25');
    await countPageView(t.db, two.id, '2026-11-25');
    expect(await t.db.$queryRawUnsafe('SELECT * FROM "PageViewDay" WHERE "publicationId" = ? ORDER BY "day"', one.id)).toEqual([
      { publicationId: one.id, day: '2026-11-24', views: 2 },
      { publicationId: one.id, day: '2026-11-25', views: 1 },
    ]);
    const totals = await websiteViews(t.db, [one.id, two.id, 'sin-visitas']);
    expect([...totals.entries()]).toEqual([
      [one.id, 3],
      [two.id, 1],
      ['sin-visitas', 0],
    ]);
    expect((await websiteViews(t.db, [])).size).toBe(0);
    expect(await pageViewDays(t.db, { publicationIds: [one.id, two.id], from: '2026-11-25' })).toEqual([
      { publicationId: one.id, day: '2026-11-25', views: 1 },
      { publicationId: two.id, day: '2026-11-25', views: 1 },
    ]);
  });

  it('counts the article page for readers, a 304 included, and not HEAD, robots, other slugs or removed news', async () => {
    const article = await publishArticle('audiencia-publica-ccc333');
    const first = await visit('/noticias/audiencia-publica-ccc333');
    expect(first.status).toBe(200);
    expect(await viewsOf(article.id)).toBe(1);
    const etag = first.headers.get('etag')!;
    const again = await visit('/noticias/audiencia-publica-ccc333', { headers: { 'if-none-match': etag } });
    expect(again.status).toBe(304);
    expect(await viewsOf(article.id)).toBe(2);
    expect((await visit('/noticias/audiencia-publica-ccc333', { method: 'HEAD' })).status).toBe(200);
    expect((await visit('/noticias/audiencia-publica-ccc333', { headers: { 'user-agent': 'facebookexternalhit/1.1' } })).status).toBe(200);
    expect((await visit('/noticias/audiencia-publica-ccc333', { headers: { 'user-agent': 'Mozilla/5.0 (compatible; Googlebot/2.1)' } })).status).toBe(200);
    expect(await viewsOf(article.id)).toBe(2);
    // The list, the feeds, an unknown slug and a removed article count nothing.
    const removed = await publishArticle('noticia-retirada-ddd444', 'cancelled');
    expect((await visit('/noticias/noticia-retirada-ddd444')).status).toBe(410);
    expect((await visit('/noticias/no-existe-eee555')).status).toBe(404);
    expect((await visit('/noticias/rss.xml')).status).toBe(200);
    expect(await viewsOf(removed.id)).toBe(0);
    expect(await t.db.pageViewDay.count({ where: { publicationId: { notIn: [article.id] }, publication: { remoteId: { in: ['noticia-retirada-ddd444', 'rss.xml'] } } } })).toBe(0);
    expect(await countNewsView(t.db, 'no-existe-eee555', '2026-11-24')).toBe(false);
  });

  it('counts a view at 03:00 UTC on the 25th on the 24th, in Bogotá', async () => {
    const article = await publishArticle('rendicion-fff666');
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-11-25T03:00:00Z'));
    await visit('/noticias/rendicion-fff666');
    vi.useRealTimers();
    expect(await t.db.pageViewDay.findMany({ where: { publicationId: article.id }, select: { day: true, views: true } })).toEqual([{ day: '2026-11-24', views: 1 }]);
  });
});

describe('the editor option', () => {
  it('offers "Medir clics con enlaces cortos de Pregón", checked for new variants, and saves it in the variant and its version', async () => {
    const { user } = await createUserWithToken(t.db, 'communications', [], 'enlaces@prueba.gov.co');
    const editor = await sessionClient(t.anon, user.email, 'contraseña-de-prueba');
    const created = await editor.request('/api/pieces', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ kind: 'social_post', title: 'Pieza con enlaces', variants: [{ network: 'facebook', text: 'Sin opción guardada' }] }),
    });
    const id = ((await created.json()) as { id: string }).id;
    const checkbox = (html: string, network: string) => new RegExp(`<input type="checkbox" name="${network}\\.trackLinks" value="1"( checked="")? data-option="trackLinks"/>`).exec(html);
    let page = await (await editor.request(`/piezas/${id}`)).text();
    expect(page).toContain('Medir clics con enlaces cortos de Pregón');
    // No variant yet: checked. An existing variant saved without the option: off.
    for (const network of ['x', 'youtube', 'website']) expect(checkbox(page, network)?.[1], network).toBe(' checked=""');
    expect(checkbox(page, 'facebook')).not.toBeNull();
    expect(checkbox(page, 'facebook')?.[1]).toBeUndefined();

    const save = (fields: Record<string, string>) =>
      editor.request(`/piezas/${id}/variantes`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ _csrf: editor.csrfToken, title: 'Pieza con enlaces', ...fields }),
      });
    expect((await save({ 'x.include': '1', 'x.text': 'Vea https://sanmartin.gov.co', 'x.thread': '1', 'x.trackLinks': '1', 'facebook.include': '1', 'facebook.text': 'Sin medir' })).status).toBe(303);
    let piece = await findPiece(t.db, id);
    const options = (network: string) => JSON.parse(piece.variants.find((v) => v.network === network)!.options) as Record<string, unknown>;
    expect(options('x')).toEqual({ thread: true, trackLinks: true });
    expect(options('facebook')).toEqual({ trackLinks: false });
    const version = await t.db.pieceVersion.findUniqueOrThrow({ where: { pieceId_version: { pieceId: id, version: piece.version } } });
    const snapshot = JSON.parse(version.snapshot) as { variants: { network: string; options: { trackLinks?: boolean } }[] };
    expect(Object.fromEntries(snapshot.variants.map((v) => [v.network, v.options.trackLinks]))).toEqual({ x: true, facebook: false });
    page = await (await editor.request(`/piezas/${id}`)).text();
    expect(checkbox(page, 'x')?.[1]).toBe(' checked=""');
    expect(checkbox(page, 'facebook')?.[1]).toBeUndefined();

    // Unchecking it turns it off.
    await save({ 'x.include': '1', 'x.text': 'Vea https://sanmartin.gov.co' });
    piece = await findPiece(t.db, id);
    expect(options('x')).toEqual({ thread: false, trackLinks: false });

    // The API and the editor's live check take the option too.
    const check = await editor.request('/api/channels/check', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ network: 'x', text: 'Hola https://sanmartin.gov.co', options: { trackLinks: true } }) });
    expect(check.status).toBe(200);
    const wrong = await editor.request(`/api/pieces/${id}`, { method: 'PATCH', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ variants: [{ network: 'x', text: 'x', options: { trackLinks: 'sí' } }] }) });
    expect(wrong.status).toBe(400);
  });
});
