import fs from 'node:fs';
import path from 'node:path';
import vm from 'node:vm';
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authenticate } from '../../src/auth/authenticate.js';
import { addDays } from '../../src/dashboard/going-out.js';
import type { Network } from '../../src/generated/prisma/client.js';
import type { AppEnv } from '../../src/http/env.js';
import { errorHandler } from '../../src/http/errors.js';
import { todayIn } from '../../src/lib/dates.js';
import { calendarRoutes } from '../../src/web/calendar-routes.js';
import { createTestContext, createUserWithToken, importSeedPlan, jsonRequest, sessionClient, withToken, type Client, type TestContext } from '../support/test-db.js';

// The publication calendar (/calendario) over a real migrated SQLite file with the seed plan,
// pieces made through the real API, and the real authentication. calendarRoutes is not
// mounted in the app yet, so its page is served by a small app that authenticates like the
// real one; the PATCH the page's script sends goes to the real app.

const zone = 'America/Bogota';
const root = path.resolve(import.meta.dirname, '../..');

let t: TestContext;
let pages: Hono<AppEnv>;
let planId: string;
let adminToken: string;
const acts = {} as Record<'informe' | 'web' | 'ferias', string>;
let subInformacion: string;
let subDialogo: string;
let planeacion: string;

beforeAll(async () => {
  t = await createTestContext();
  planId = await importSeedPlan(t.db);
  const activity = (startsWith: string) => t.db.activity.findFirstOrThrow({ where: { description: { startsWith } }, select: { id: true, subcomponentId: true } });
  const informe = await activity('Elaborar informe de gestión'); // Información; Apoyo a la Gestión and Planeación
  const web = await activity('Actualización de página web'); // Diálogo; the communications office only
  const ferias = await activity('Ferias de gestión'); // Diálogo; "todas las dependencias"
  acts.informe = informe.id;
  acts.web = web.id;
  acts.ferias = ferias.id;
  subInformacion = informe.subcomponentId;
  subDialogo = web.subcomponentId;
  planeacion = (await t.db.department.findFirstOrThrow({ where: { name: 'Secretaría de Planeación' } })).id;
  adminToken = (await createUserWithToken(t.db, 'admin')).token;

  pages = new Hono<AppEnv>();
  pages.onError(errorHandler);
  pages.use('*', async (c, next) => {
    c.set('db', t.db);
    c.set('config', t.config);
    await next();
  });
  pages.use('*', authenticate());
  pages.route('/', calendarRoutes);
});

afterAll(async () => {
  await t?.close();
});

// ------------------------------------------------------------------ helpers

const get = (path: string, token = adminToken) => pages.request(path, { headers: { authorization: `Bearer ${token}` } });
async function html(path: string, token = adminToken): Promise<string> {
  const res = await get(path, token);
  expect(res.status, path).toBe(200);
  return res.text();
}

/** The HTML of one day's cell (month or week) or one day of the list, by its date. */
function dayCell(doc: string, date: string): string {
  const start = doc.search(new RegExp(`<li class="cal-(?:day|agenda-day)[^"]*" data-date="${date}"`));
  if (start < 0) return '';
  const rest = doc.slice(start + 10);
  const end = rest.search(/<li class="cal-(?:day|agenda-day)[ "]|<\/ol>/);
  return doc.slice(start, start + 10 + (end < 0 ? rest.length : end));
}
/** The days whose cells mention a text, in order. */
function daysWith(doc: string, text: string): string[] {
  return [...doc.matchAll(/<li class="cal-(?:day|agenda-day)[^"]*" data-date="(\d{4}-\d{2}-\d{2})"/g)].map((m) => m[1]!).filter((d) => dayCell(doc, d).includes(text));
}
/** The opening tag and content of one piece's item in a cell (up to the next item). */
function item(cell: string, pieceId: string): string {
  const start = cell.search(new RegExp(`<li class="cal-item[^>]*data-piece-id="${pieceId}"`));
  if (start < 0) return '';
  const next = cell.indexOf('<li class="cal-item', start + 1);
  return cell.slice(start, next < 0 ? undefined : next);
}
const openingTag = (fragment: string) => fragment.slice(0, fragment.indexOf('>') + 1);

let seq = 0;
type Variant = { network: Network; title?: string; text?: string };
async function newPiece(fields: { scheduledAt?: string | null; activityId?: string | null; variants?: Variant[]; title?: string }, api: Client = t.app) {
  seq += 1;
  const title = fields.title ?? `Pieza ${seq} ${Math.random().toString(36).slice(2, 7)}`;
  const res = await api.request(
    '/api/pieces',
    jsonRequest('POST', { kind: 'social_post', title, activityId: fields.activityId ?? null, scheduledAt: fields.scheduledAt ?? null, variants: fields.variants ?? [{ network: 'x', text: `Texto de ${title}` }] }),
  );
  expect(res.status, await res.clone().text()).toBe(201);
  return (await res.json()) as { id: string; title: string; status: string };
}
async function transition(id: string, action: string) {
  const res = await t.app.request(`/api/pieces/${id}/transitions`, jsonRequest('POST', { action }));
  expect(res.status, await res.clone().text()).toBe(200);
}
async function approve(id: string) {
  await transition(id, 'submit');
  const res = await t.app.request(`/api/pieces/${id}/review`, jsonRequest('POST', { decision: 'approve' }));
  expect(res.status, await res.clone().text()).toBe(200);
}
/** A wall-clock time in Bogotá as the instant the API stores. */
const bogota = (local: string) => new Date(`${local}:00-05:00`).toISOString();
const today = () => todayIn(zone);

// ------------------------------------------------------------------ views

describe('month view', () => {
  it('shows a piece on its day in Bogotá: 2026-12-01T03:00Z is 30 de noviembre at 10:00 p. m.', async () => {
    const piece = await newPiece({ scheduledAt: '2026-12-01T03:00:00.000Z', activityId: acts.informe, title: 'Invitación a la audiencia pública' });
    const doc = await html('/calendario?vista=mes&fecha=2026-11-15');
    expect(doc).toContain('<h2 id="cal-title">noviembre de 2026</h2>');
    expect(daysWith(doc, piece.title)).toEqual(['2026-11-30']);
    const entry = item(dayCell(doc, '2026-11-30'), piece.id);
    expect(entry).toContain('<time class="cal-time" datetime="2026-12-01T03:00:00.000Z">10:00 p. m.</time>');
    expect(entry).toContain(`<a class="cal-title" href="/piezas/${piece.id}">Invitación a la audiencia pública</a>`);
    expect(entry).toContain('<span class="badge status-draft">Borrador</span>');
    expect(entry).toContain('data-time="22:00"');
    expect(dayCell(doc, '2026-12-01')).not.toContain(piece.title);

    // A Monday-first grid: 1 November 2026 is a Sunday, so it starts on Monday 26 October and ends on Sunday 6 December.
    const dates = [...doc.matchAll(/<li class="cal-day[^"]*" data-date="([\d-]+)"/g)].map((m) => m[1]);
    expect(dates[0]).toBe('2026-10-26');
    expect(dates.at(-1)).toBe('2026-12-06');
    expect(dates).toHaveLength(42);
    expect(doc).toMatch(/<div class="cal-weekdays" aria-hidden="true"><span>lunes<\/span><span>martes<\/span><span>miércoles<\/span>.*<span>domingo<\/span><\/div>/);
    expect(doc).toContain('<li class="cal-day is-empty is-outside" data-date="2026-10-26">');
    // Previous and next month keep the view.
    expect(doc).toContain('<a rel="prev" href="/calendario?vista=mes&amp;fecha=2026-10-01"><span aria-hidden="true">← </span>octubre de 2026</a>');
    expect(doc).toContain('<a rel="next" href="/calendario?vista=mes&amp;fecha=2026-12-01">diciembre de 2026<span aria-hidden="true"> →</span></a>');

    // The December grid starts on Monday 30 November: the piece shows there too, as a day of the previous month.
    const december = await html('/calendario?vista=mes&fecha=2026-12-01');
    expect(december).toContain('<h2 id="cal-title">diciembre de 2026</h2>');
    expect(daysWith(december, piece.title)).toEqual(['2026-11-30']);
    expect(december).toContain('<li class="cal-day has-items is-outside" data-date="2026-11-30">');
  });

  it('opens on the month of today in the office zone, with today marked "hoy"', async () => {
    const now = today();
    const doc = await html('/calendario');
    const month = new Intl.DateTimeFormat('es-CO', { timeZone: 'UTC', month: 'long', year: 'numeric' }).format(new Date(`${now}T00:00:00Z`));
    expect(doc).toContain(`<h2 id="cal-title">${month}</h2>`);
    const cell = dayCell(doc, now);
    expect(openingTag(cell)).toMatch(/class="cal-day [^"]*is-today" data-date="[\d-]+" aria-current="date">/);
    expect(cell).toContain('<span class="cal-today-tag">hoy</span>');
    expect(doc.match(/aria-current="date"/g)).toHaveLength(1);
    expect(doc).toContain(`<a href="/calendario?vista=mes&amp;fecha=${now}" aria-current="page">Mes</a>`);
    // Server-rendered and CSP-safe: the script is a file, nothing inline.
    expect(doc).toContain('<script src="/public/js/calendar.js" defer=""></script>');
    expect(doc).not.toMatch(/<script(?![^>]*\ssrc=)/);
    expect(doc).not.toMatch(/\sstyle="/);
  });

  it('refuses an unknown view or a date that does not exist, in Spanish', async () => {
    const badView = await get('/calendario?vista=anual');
    expect(badView.status).toBe(400);
    expect(await badView.text()).toContain('La vista debe ser «mes», «semana» o «lista».');
    const badDate = await get('/calendario?fecha=2026-02-30');
    expect(badDate.status).toBe(400);
    expect(await badDate.text()).toContain('La fecha no existe.');
    expect((await get('/calendario?red=instagram')).status).toBe(400);
    // Empty fields (a filter form sent with "Todas") are no filter.
    expect((await get('/calendario?vista=&fecha=&red=&estado=&subcomponente=')).status).toBe(200);
  });

  it('sends whoever is not signed in to the sign-in page', async () => {
    const res = await pages.request('/calendario');
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('/ingresar?volver=%2Fcalendario');
  });
});

describe('week and list views', () => {
  it('week view: Monday to Sunday, with its own prev/next and items in time order', async () => {
    const late = await newPiece({ scheduledAt: bogota('2027-01-05T18:30'), title: 'Semana: tarde' });
    const early = await newPiece({ scheduledAt: bogota('2027-01-05T08:00'), title: 'Semana: mañana' });
    const sunday = await newPiece({ scheduledAt: bogota('2027-01-10T23:59'), title: 'Semana: domingo' });
    const nextMonday = await newPiece({ scheduledAt: bogota('2027-01-11T00:00'), title: 'Semana: lunes siguiente' });
    const doc = await html('/calendario?vista=semana&fecha=2027-01-07');
    expect(doc).toContain('<h2 id="cal-title">Semana del 4 al 10 de enero de 2027</h2>');
    const dates = [...doc.matchAll(/<li class="cal-day[^"]*" data-date="([\d-]+)"/g)].map((m) => m[1]);
    expect(dates).toEqual(['2027-01-04', '2027-01-05', '2027-01-06', '2027-01-07', '2027-01-08', '2027-01-09', '2027-01-10']);
    const tuesday = dayCell(doc, '2027-01-05');
    expect(tuesday.indexOf(early.title)).toBeGreaterThan(0);
    expect(tuesday.indexOf(early.title)).toBeLessThan(tuesday.indexOf(late.title));
    expect(item(tuesday, early.id)).toContain('>8:00 a. m.</time>');
    expect(item(tuesday, late.id)).toContain('>6:30 p. m.</time>');
    expect(daysWith(doc, sunday.title)).toEqual(['2027-01-10']);
    expect(doc).not.toContain(nextMonday.title);
    expect(dayCell(doc, '2027-01-06')).toContain('<p class="cal-none">Sin publicaciones</p>');
    expect(doc).toContain('<div class="cal cal-week" data-time-zone="America/Bogota"');
    expect(doc).toContain('href="/calendario?vista=semana&amp;fecha=2026-12-28"');
    expect(doc).toContain('href="/calendario?vista=semana&amp;fecha=2027-01-11"');

    const across = await html('/calendario?vista=semana&fecha=2026-12-30');
    expect(across).toContain('<h2 id="cal-title">Semana del 28 de diciembre de 2026 al 3 de enero de 2027</h2>');
  });

  it('list view: only the month\'s days with items, each headed with its Spanish name, in order; nothing draggable', async () => {
    const a = await newPiece({ scheduledAt: bogota('2027-02-03T09:00'), title: 'Lista: miércoles' });
    const b = await newPiece({ scheduledAt: bogota('2027-02-15T16:00'), title: 'Lista: lunes' });
    const outside = await newPiece({ scheduledAt: bogota('2027-03-01T09:00'), title: 'Lista: marzo' });
    const doc = await html('/calendario?vista=lista&fecha=2027-02-20');
    expect(doc).toContain('<h2 id="cal-title">febrero de 2027</h2>');
    const days = [...doc.matchAll(/<li class="cal-agenda-day[^"]*" data-date="([\d-]+)"/g)].map((m) => m[1]);
    expect(days).toEqual(['2027-02-03', '2027-02-15']);
    expect(dayCell(doc, '2027-02-03')).toContain('<h3 class="cal-day-head"><time datetime="2027-02-03"><span>miércoles 3 de febrero</span></time></h3>');
    expect(dayCell(doc, '2027-02-03')).toContain(a.title);
    expect(dayCell(doc, '2027-02-15')).toContain(b.title);
    expect(doc).not.toContain(outside.title);
    expect(doc).not.toContain('draggable=');
    expect(doc).not.toContain('data-time-zone'); // no drop targets for the script
    // The draft can still be moved without dragging: its "Mover" link.
    expect(item(dayCell(doc, '2027-02-03'), a.id)).toContain(`<a class="cal-move" href="/piezas/${a.id}#variantes"`);
    expect(doc).toContain('href="/calendario?vista=lista&amp;fecha=2027-01-01"');
    expect(doc).toContain('href="/calendario?vista=lista&amp;fecha=2027-03-01"');
    const empty = await html('/calendario?vista=lista&fecha=2031-06-01');
    expect(empty).toContain('No hay piezas ni publicaciones en este período.');
  });

  it('is friendly to a 375-px screen: every day carries its full name for the narrow list, and the stylesheet collapses the grid', async () => {
    const piece = await newPiece({ scheduledAt: bogota('2027-04-14T10:00'), title: 'Pantalla pequeña' });
    const doc = await html('/calendario?vista=mes&fecha=2027-04-01');
    expect(doc).toContain('<meta name="viewport" content="width=device-width, initial-scale=1"/>');
    const cell = dayCell(doc, '2027-04-14');
    expect(openingTag(cell)).toBe('<li class="cal-day has-items" data-date="2027-04-14">');
    expect(cell).toContain('<span class="cal-day-num" aria-hidden="true">14</span><span class="cal-day-name">miércoles 14 de abril</span>');
    expect(cell).toContain(piece.title);
    expect(openingTag(dayCell(doc, '2027-04-13'))).toBe('<li class="cal-day is-empty" data-date="2027-04-13">');
    const css = fs.readFileSync(path.join(root, 'public/styles.css'), 'utf8');
    const narrow = css.slice(css.indexOf('Publication calendar'));
    expect(narrow).toMatch(/@media \(max-width: 700px\) \{\s*\.cal-weekdays \{ display: none; \}\s*\.cal-days \{ grid-template-columns: 1fr;/);
    expect(narrow).toContain('.cal-month .cal-day.is-empty, .cal-month .cal-day.is-outside { display: none; }');
    expect(narrow).toMatch(/\.cal-day-name \{ position: static;/);
  });
});

// ------------------------------------------------------------------ filters

describe('filters', () => {
  const month = '/calendario?vista=mes&fecha=2027-05-01';
  let p: Record<'informe' | 'web' | 'ferias' | 'loose', { id: string; title: string }>;

  beforeAll(async () => {
    p = {
      informe: await newPiece({ scheduledAt: bogota('2027-05-04T09:00'), activityId: acts.informe, title: 'Filtro: informe (X)', variants: [{ network: 'x', text: 'El informe de gestión.' }] }),
      web: await newPiece({ scheduledAt: bogota('2027-05-05T09:00'), activityId: acts.web, title: 'Filtro: web (Facebook)', variants: [{ network: 'facebook', text: 'La página web se renovó.' }] }),
      ferias: await newPiece({ scheduledAt: bogota('2027-05-06T09:00'), activityId: acts.ferias, title: 'Filtro: ferias (sitio web)', variants: [{ network: 'website', title: 'Feria de gestión', text: 'Venga a la feria.' }] }),
      loose: await newPiece({ scheduledAt: bogota('2027-05-07T09:00'), title: 'Filtro: sin actividad (X)', variants: [{ network: 'x', text: 'Sin actividad.' }] }),
    };
    await transition(p.web.id, 'submit');
  });

  async function shown(query: string): Promise<string[]> {
    const doc = await html(`${month}&${query}`);
    return (Object.keys(p) as (keyof typeof p)[]).filter((k) => doc.includes(p[k].title));
  }

  it('without filters shows all four', async () => {
    expect(await shown('')).toEqual(['informe', 'web', 'ferias', 'loose']);
  });

  it('each filter narrows: subcomponent, activity, department (its activities and those of every department), network, status', async () => {
    expect(await shown(`subcomponente=${subInformacion}`)).toEqual(['informe']);
    expect(await shown(`subcomponente=${subDialogo}`)).toEqual(['web', 'ferias']);
    expect(await shown(`actividad=${acts.web}`)).toEqual(['web']);
    expect(await shown(`dependencia=${planeacion}`)).toEqual(['informe', 'ferias']);
    expect(await shown('red=x')).toEqual(['informe', 'loose']);
    expect(await shown('red=facebook')).toEqual(['web']);
    expect(await shown('red=website')).toEqual(['ferias']);
    expect(await shown('estado=in_review')).toEqual(['web']);
    expect(await shown('estado=draft')).toEqual(['informe', 'ferias', 'loose']);
    expect(await shown(`subcomponente=${subDialogo}&dependencia=${planeacion}`)).toEqual(['ferias']);
    expect(await shown('red=youtube')).toEqual([]);
  });

  it('keeps the filters in the form, the view links and prev/next, and offers to clear them', async () => {
    const doc = await html(`${month}&red=facebook&dependencia=${planeacion}`);
    expect(doc).toContain('<option value="facebook" selected="">Facebook</option>');
    expect(doc).toContain(`<option value="${planeacion}" selected="">Secretaría de Planeación</option>`);
    expect(doc).toContain('<input type="hidden" name="vista" value="mes"/>');
    expect(doc).toContain('<input type="hidden" name="fecha" value="2027-05-01"/>');
    expect(doc).toContain(`href="/calendario?vista=mes&amp;fecha=2027-06-01&amp;dependencia=${planeacion}&amp;red=facebook"`);
    expect(doc).toContain(`href="/calendario?vista=semana&amp;fecha=2027-05-01&amp;dependencia=${planeacion}&amp;red=facebook"`);
    expect(doc).toContain('<a href="/calendario?vista=mes&amp;fecha=2027-05-01">Quitar filtros</a>');
    expect(doc).toContain('No hay piezas ni publicaciones en este período con estos filtros.');
    // The activity list is grouped by subcomponent.
    expect(doc).toMatch(/<optgroup label="Información">[\s\S]*?Elaborar informe de gestión/);
  });
});

// ------------------------------------------------------------------ publications

describe('the status of every publication', () => {
  it('marks each network: published ✓ with its link, failed ✗, unconfirmed ?, pending …; a publication on another day is its own item', async () => {
    const piece = await newPiece({
      scheduledAt: bogota('2027-06-09T10:00'),
      title: 'Cuatro redes',
      variants: [
        { network: 'x', text: 'Trino.' },
        { network: 'facebook', text: 'Publicación.' },
        { network: 'youtube', title: 'Video', text: 'Descripción.' },
        { network: 'website', title: 'Noticia', text: 'Texto de la noticia.' },
      ],
    });
    const variants = await t.db.pieceVariant.findMany({ where: { pieceId: piece.id } });
    const variant = (n: Network) => variants.find((v) => v.network === n)!.id;
    const account = (network: Network, label: string) => t.db.channelAccount.create({ data: { network, label } });
    const [x, facebook, youtube, website] = [await account('x', '@alcaldia'), await account('facebook', 'Alcaldía'), await account('youtube', 'Canal'), await account('website', 'Sitio')];
    const at = new Date(bogota('2027-06-09T10:00'));
    await t.db.publication.createMany({
      data: [
        { pieceId: piece.id, variantId: variant('x'), accountId: x.id, pieceVersion: 1, status: 'published', scheduledAt: at, publishedAt: new Date(at.getTime() + 60_000), url: 'https://x.com/alcaldia/status/1' },
        { pieceId: piece.id, variantId: variant('facebook'), accountId: facebook.id, pieceVersion: 1, status: 'failed', scheduledAt: at, error: 'La página rechazó la publicación.' },
        { pieceId: piece.id, variantId: variant('youtube'), accountId: youtube.id, pieceVersion: 1, status: 'unconfirmed', scheduledAt: at },
        // The website one goes out two days later.
        { pieceId: piece.id, variantId: variant('website'), accountId: website.id, pieceVersion: 1, status: 'pending', scheduledAt: new Date(bogota('2027-06-11T07:15')) },
      ],
    });
    const doc = await html('/calendario?vista=mes&fecha=2027-06-01');
    const own = item(dayCell(doc, '2027-06-09'), piece.id);
    expect(own).toContain('<li class="cal-mark mark-published" title="X: Publicada · @alcaldia">X <a href="https://x.com/alcaldia/status/1" rel="noopener" target="_blank"><span aria-hidden="true" class="cal-mark-symbol">✓</span><span class="visually-hidden">Publicada</span></a></li>');
    expect(own).toContain('<li class="cal-mark mark-failed" title="Facebook: Falló · Alcaldía · La página rechazó la publicación.">Facebook <span aria-hidden="true" class="cal-mark-symbol">✗</span><span class="visually-hidden">Falló</span></li>');
    expect(own).toContain('<li class="cal-mark mark-unconfirmed" title="YouTube: Sin confirmar · Canal">YouTube <span aria-hidden="true" class="cal-mark-symbol">?</span><span class="visually-hidden">Sin confirmar</span></li>');
    // On its own day the website is planned (a variant) but has no publication that day.
    expect(own).toContain('<li class="cal-mark mark-planned">Sitio web municipal</li>');
    // The website's pending publication, two days later, at its own time, only with that network.
    const later = item(dayCell(doc, '2027-06-11'), piece.id);
    expect(later).toContain('<li class="cal-item status-draft is-publication" data-piece-id=');
    expect(later).toContain('>7:15 a. m.</time>');
    expect(later).toContain('<li class="cal-mark mark-pending" title="Sitio web municipal: Pendiente · Sitio">Sitio web municipal <span aria-hidden="true" class="cal-mark-symbol">…</span>');
    expect(later).not.toContain('Facebook');
    expect(later).not.toContain('draggable'); // the piece's time is on the 9th: only that item moves
    expect(later).not.toContain('cal-move');

    // Filtering by network shows only that network's marks.
    const onlyX = item(dayCell(await html('/calendario?vista=mes&fecha=2027-06-01&red=x'), '2027-06-09'), piece.id);
    expect(onlyX).toContain('mark-published');
    expect(onlyX).not.toContain('Facebook');
    expect(await html('/calendario?vista=mes&fecha=2027-06-01&red=x')).not.toContain('7:15 a. m.');
  });

  it('shows a piece published now through the API on today, with ✓ and the link to the news', async () => {
    const piece = await newPiece({ title: 'Publicada hoy', variants: [{ network: 'website', title: 'Noticia de hoy', text: 'Texto de la noticia de hoy.' }] });
    await approve(piece.id);
    const res = await t.app.request(`/api/pieces/${piece.id}/publish`, jsonRequest('POST', { networks: ['website'] }));
    expect(res.status, await res.clone().text()).toBe(200);
    const publication = await t.db.publication.findFirstOrThrow({ where: { pieceId: piece.id } });
    expect(publication.status).toBe('published');
    const day = todayIn(zone, publication.publishedAt!);
    const doc = await html(`/calendario?vista=lista&fecha=${day}`);
    const entry = item(dayCell(doc, day), piece.id);
    expect(entry).toContain('<span class="badge status-published">Publicada</span>');
    expect(entry).toContain(`<a href="${publication.url}" rel="noopener" target="_blank"><span aria-hidden="true" class="cal-mark-symbol">✓</span>`);
    // A published piece does not move.
    const grid = item(dayCell(await html(`/calendario?vista=mes&fecha=${day}`), day), piece.id);
    expect(openingTag(grid)).not.toContain('draggable');
    expect(grid).not.toContain('cal-move');
  });

  it('leaves out cancelled pieces', async () => {
    const piece = await newPiece({ scheduledAt: bogota('2027-07-02T09:00'), title: 'Cancelada' });
    expect(await html('/calendario?vista=mes&fecha=2027-07-01')).toContain(piece.title);
    await transition(piece.id, 'cancel');
    expect(await html('/calendario?vista=mes&fecha=2027-07-01')).not.toContain(piece.title);
  });
});

// ------------------------------------------------------------------ drag to reschedule

describe('drag to reschedule', () => {
  it('makes items draggable only when the piece may move and the person may move it', async () => {
    const day = addDays(today(), 20);
    const when = bogota(`${day}T09:00`);
    const draft = await newPiece({ scheduledAt: when, activityId: acts.informe, title: 'Arrastre: borrador', variants: [{ network: 'website', title: 'Borrador', text: 'Texto.' }] });
    const inReview = await newPiece({ scheduledAt: when, activityId: acts.informe, title: 'Arrastre: en revisión', variants: [{ network: 'website', title: 'Revisión', text: 'Texto.' }] });
    await transition(inReview.id, 'submit');
    const approved = await newPiece({ scheduledAt: when, activityId: acts.web, title: 'Arrastre: aprobada', variants: [{ network: 'website', title: 'Aprobada', text: 'Texto.' }] });
    await approve(approved.id);
    const scheduled = await newPiece({ scheduledAt: when, activityId: acts.web, title: 'Arrastre: programada', variants: [{ network: 'website', title: 'Programada', text: 'Texto.' }] });
    await approve(scheduled.id);
    await transition(scheduled.id, 'schedule');
    const failed = await newPiece({ scheduledAt: when, activityId: acts.web, title: 'Arrastre: fallida', variants: [{ network: 'website', title: 'Fallida', text: 'Texto.' }] });
    await approve(failed.id);
    await transition(failed.id, 'schedule');
    await t.db.piece.update({ where: { id: failed.id }, data: { status: 'failed' } }); // what the publisher does when every network fails

    const path = `/calendario?vista=semana&fecha=${day}`;
    const tagFor = (doc: string, id: string) => openingTag(item(dayCell(doc, day), id));
    const admin = await html(path);
    for (const piece of [draft, inReview, approved, scheduled]) {
      expect(tagFor(admin, piece.id), piece.title).toContain('draggable="true"');
      expect(item(dayCell(admin, day), piece.id)).toContain(`<a class="cal-move" href="/piezas/${piece.id}#variantes" aria-label="Mover «${piece.title}» (cambiar su fecha y hora)">Mover</a>`);
    }
    expect(tagFor(admin, failed.id)).not.toContain('draggable');
    expect(item(dayCell(admin, day), failed.id)).not.toContain('cal-move');
    // The scheduled piece carries its pending website publication.
    expect(item(dayCell(admin, day), scheduled.id)).toContain('mark-pending');

    // A viewer sees everything and moves nothing.
    const viewer = await createUserWithToken(t.db, 'viewer');
    const viewerDoc = await html(path, viewer.token);
    expect(viewerDoc).toContain(draft.title);
    expect(viewerDoc).not.toContain('draggable=');
    expect(viewerDoc).not.toContain('cal-move');

    // A department user moves only their own activities' pieces (Planeación answers for the report, not the website).
    const department = await createUserWithToken(t.db, 'department', [planeacion]);
    const departmentDoc = await html(path, department.token);
    expect(tagFor(departmentDoc, draft.id)).toContain('draggable="true"');
    expect(tagFor(departmentDoc, inReview.id)).toContain('draggable="true"');
    expect(tagFor(departmentDoc, approved.id)).not.toContain('draggable');
    expect(tagFor(departmentDoc, scheduled.id)).not.toContain('draggable');
    expect(departmentDoc).toContain(approved.title);
  });

  it('the script builds the wall-clock time with the zone\'s offset on that date', () => {
    const code = fs.readFileSync(path.join(root, 'public/js/calendar.js'), 'utf8');
    const sandbox: { pregonCalendar?: { zonedIso: (local: string, zone: string) => string } } = {};
    vm.runInNewContext(code, sandbox);
    const { zonedIso } = sandbox.pregonCalendar!;
    expect(zonedIso('2026-11-30T22:00', 'America/Bogota')).toBe('2026-11-30T22:00:00-05:00');
    expect(new Date(zonedIso('2026-11-30T22:00', 'America/Bogota')).toISOString()).toBe('2026-12-01T03:00:00.000Z');
    // Zones with daylight saving: the offset of the target date, not of today.
    expect(zonedIso('2027-07-01T09:30', 'America/New_York')).toBe('2027-07-01T09:30:00-04:00');
    expect(zonedIso('2027-01-15T09:30', 'America/New_York')).toBe('2027-01-15T09:30:00-05:00');
    expect(zonedIso('2027-03-28T12:00', 'Europe/Madrid')).toBe('2027-03-28T12:00:00+02:00');
    expect(zonedIso('2027-01-15T00:00', 'Asia/Kolkata')).toBe('2027-01-15T00:00:00+05:30');
  });

  it('the PATCH the script sends moves the piece (it keeps its time) and the calendar shows it on the new day', async () => {
    const { user } = await createUserWithToken(t.db, 'communications', [], 'calendario@prueba.gov.co');
    const browser = await sessionClient(t.anon, user.email, 'contraseña-de-prueba');
    const from = addDays(today(), 30);
    const to = addDays(from, 2);
    const piece = await newPiece({ scheduledAt: bogota(`${from}T22:00`), activityId: acts.web, title: 'Arrastre: mover', variants: [{ network: 'website', title: 'Mover', text: 'Texto.' }] });
    await approve(piece.id);
    await transition(piece.id, 'schedule');

    // The page gives the script what it needs: the CSRF token, the zone and the item's time.
    const page = await (await pages.request(`/calendario?vista=mes&fecha=${from}`, { headers: { cookie: browser.cookie } })).text();
    expect(page).toContain(`<meta name="csrf-token" content="${browser.csrfToken}"/>`);
    expect(page).toContain('<div class="cal cal-month" data-time-zone="America/Bogota"');
    const tag = openingTag(item(dayCell(page, from), piece.id));
    expect(tag).toContain('draggable="true"');
    expect(tag).toContain('data-time="22:00"');

    const code = fs.readFileSync(path.join(root, 'public/js/calendar.js'), 'utf8');
    const sandbox: { pregonCalendar?: { zonedIso: (local: string, zone: string) => string } } = {};
    vm.runInNewContext(code, sandbox);
    const scheduledAt = sandbox.pregonCalendar!.zonedIso(`${to}T22:00`, 'America/Bogota');
    // Without the CSRF header a cookie session may not change anything.
    const noCsrf = await t.anon.request(`/api/pieces/${piece.id}`, { method: 'PATCH', body: JSON.stringify({ scheduledAt }), headers: { 'content-type': 'application/json', cookie: browser.cookie } });
    expect(noCsrf.status).toBe(403);
    const res = await browser.request(`/api/pieces/${piece.id}`, jsonRequest('PATCH', { scheduledAt }));
    expect(res.status, await res.clone().text()).toBe(200);
    const body = (await res.json()) as { scheduledAt: string; status: string; version: number };
    expect(body.scheduledAt).toBe(new Date(`${to}T22:00:00-05:00`).toISOString());
    expect(body.status).toBe('scheduled'); // only the time changed: no new version, no new review
    expect(body.version).toBe(1);

    const after = await (await pages.request(`/calendario?vista=mes&fecha=${to}`, { headers: { cookie: browser.cookie } })).text();
    expect(daysWith(after, piece.title)).toEqual([to]);
    // Its pending publication moved with it (no item left behind on the old day).
    expect(item(dayCell(after, to), piece.id)).toContain('mark-pending');
  });

  it('refuses a bad time with the API\'s Spanish message, and the piece stays where it was', async () => {
    const { user } = await createUserWithToken(t.db, 'communications', [], 'calendario-error@prueba.gov.co');
    const browser = await sessionClient(t.anon, user.email, 'contraseña-de-prueba');
    const day = addDays(today(), 40);
    const piece = await newPiece({ scheduledAt: bogota(`${day}T09:00`), activityId: acts.web, title: 'Arrastre: rechazo', variants: [{ network: 'website', title: 'Rechazo', text: 'Texto.' }] });
    await approve(piece.id);
    await transition(piece.id, 'schedule');
    const before = await t.db.piece.findUniqueOrThrow({ where: { id: piece.id } });

    // Not an ISO time with offset.
    const malformed = await browser.request(`/api/pieces/${piece.id}`, jsonRequest('PATCH', { scheduledAt: `${day}T09:00` }));
    expect(malformed.status).toBe(400);
    const malformedError = ((await malformed.json()) as { error: { code: string; message: string } }).error;
    expect(malformedError.code).toBe('validation_failed');
    expect(malformedError.message).toMatch(/^Los datos enviados no son válidos \(scheduledAt: /);

    // Inside a blackout window of the piece's plan (the scheduler refuses it with 422).
    const blackoutDay = addDays(day, 3);
    await t.db.blackoutWindow.create({ data: { planId, reason: 'Ley de Garantías', startsAt: new Date(bogota(`${blackoutDay}T00:00`)), endsAt: new Date(bogota(`${addDays(blackoutDay, 1)}T00:00`)) } });
    const blackout = await browser.request(`/api/pieces/${piece.id}`, jsonRequest('PATCH', { scheduledAt: `${blackoutDay}T09:00:00-05:00` }));
    expect(blackout.status).toBe(422);
    const blackoutError = ((await blackout.json()) as { error: { code: string; message: string } }).error;
    expect(blackoutError.code).toBe('unprocessable');
    expect(blackoutError.message).toContain('Ley de Garantías');

    // A published piece cannot move.
    const published = await newPiece({ title: 'Arrastre: publicada', variants: [{ network: 'website', title: 'Publicada', text: 'Texto.' }] });
    await approve(published.id);
    expect((await t.app.request(`/api/pieces/${published.id}/publish`, jsonRequest('POST', { networks: ['website'] }))).status).toBe(200);
    const locked = await browser.request(`/api/pieces/${published.id}`, jsonRequest('PATCH', { scheduledAt: `${day}T09:00:00-05:00` }));
    expect(locked.status).toBe(409);
    expect(((await locked.json()) as { error: { message: string } }).error.message).toBe('Una pieza publicada no se puede modificar.');

    // Nothing moved: the piece is still on its day.
    expect((await t.db.piece.findUniqueOrThrow({ where: { id: piece.id } })).scheduledAt).toEqual(before.scheduledAt);
    const doc = await html(`/calendario?vista=mes&fecha=${day}`);
    expect(daysWith(doc, piece.title)).toEqual([day]);
  });

  it('refuses the move to a person who may only read', async () => {
    const piece = await newPiece({ scheduledAt: bogota('2027-08-02T09:00'), title: 'Arrastre: solo lectura' });
    const viewer = await createUserWithToken(t.db, 'viewer');
    const res = await withToken(t.anon, viewer.token).request(`/api/pieces/${piece.id}`, jsonRequest('PATCH', { scheduledAt: '2027-08-03T09:00:00-05:00' }));
    expect(res.status).toBe(403);
    expect(((await res.json()) as { error: { message: string } }).error.message).toBe('Su rol no tiene permiso para esta acción.');
  });

  it('serves the script from /public/js/calendar.js', async () => {
    const res = await t.anon.request('/public/js/calendar.js');
    expect(res.status).toBe(200);
    const code = await res.text();
    expect(code).toContain("'x-csrf-token': csrf");
    expect(code).toContain("method: 'PATCH'");
  });
});
