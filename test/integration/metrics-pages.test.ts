import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildPagesFixture, type PagesFixture } from '../support/metrics-pages-fixture.js';
import { createTestContext, createUserWithToken, importSeedPlan, sessionClient, type TestContext } from '../support/test-db.js';

/**
 * The metrics pages over a real migrated database with the seed plan and a hand-made campaign
 * (test/support/metrics-pages-fixture.ts, whose figures are summed on paper there), through the
 * real app (src/app.ts) with its access rules (src/auth/policy.ts); people sign in through it.
 */

let t: TestContext;
let f: PagesFixture;
type Who = 'communications' | 'department' | 'viewer';
type Session = Awaited<ReturnType<typeof sessionClient>> & { id: string };
const sessions = {} as Record<Who, Session>;

async function signIn(who: Who, departmentIds: string[] = []) {
  const { user } = await createUserWithToken(t.db, who, departmentIds);
  sessions[who] = Object.assign(await sessionClient(t.anon, user.email, 'contraseña-de-prueba'), { id: user.id });
}

beforeAll(async () => {
  t = await createTestContext();
  const planId = await importSeedPlan(t.db);
  const planeacion = await t.db.department.findFirstOrThrow({ where: { name: 'Secretaría de Planeación' } });
  await signIn('communications');
  await signIn('department', [planeacion.id]);
  await signIn('viewer');
  f = await buildPagesFixture(t.db, planId, sessions.communications.id);
});
afterAll(async () => {
  await t.close();
});

function request(path: string, who: Who = 'communications') {
  return sessions[who].request(path);
}
async function page(path: string, who: Who = 'communications', status = 200) {
  const res = await request(path, who);
  const html = await res.text();
  expect(res.status, html.slice(0, 2000)).toBe(status);
  expect(res.headers.get('content-type')).toContain('text/html');
  return html;
}
/**
 * A page form's POST, as the browser sends it: urlencoded, with the session's cookie and its CSRF
 * token in the `_csrf` field only (no X-CSRF-Token header, so the form's own field is what counts).
 */
function submit(path: string, fields: Record<string, string>, who: Who = 'communications') {
  const body = new URLSearchParams({ ...fields, _csrf: sessions[who].csrfToken });
  return t.anon.request(path, { method: 'POST', body, headers: { cookie: sessions[who].cookie, 'content-type': 'application/x-www-form-urlencoded' } });
}
/** The navigation's "Métricas" link is the current section. */
const navMetricsActive = (html: string) => expect(html).toContain('<a href="/metricas" aria-current="page">Métricas</a>');

/** The value shown on a totals card. */
function card(html: string, metric: string): string | null {
  const m = new RegExp(`data-metric="${metric}"><span class="metric-label">[^<]*</span><strong class="metric-value">([^<]*)</strong>`).exec(html);
  return m ? m[1]! : null;
}
/** The JSON data block of a chart. */
function chart(html: string, id: string) {
  const m = new RegExp(`<script type="application/json" id="${id}">(.*?)</script>`, 's').exec(html);
  expect(m, `chart ${id}`).not.toBeNull();
  expect(html).toContain(`<canvas data-chart="${id}"`);
  return JSON.parse(m![1]!) as { type: string; labels?: string[]; datasets: { label: string; data: (number | null | { x: number; y: number })[] }[] };
}
/** The cells of the table row marked with data-key, as text. */
function row(html: string, key: string): string[] {
  const start = html.indexOf(`<tr data-key="${key}">`);
  expect(start, `row ${key}`).toBeGreaterThanOrEqual(0);
  const tr = html.slice(start, html.indexOf('</tr>', start));
  return [...tr.matchAll(/<t[hd][^>]*>(.*?)<\/t[hd]>/gs)].map((m) => m[1]!.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ').trim());
}
function section(html: string, id: string): string {
  const start = html.indexOf(`aria-labelledby="${id}"`);
  expect(start, `section ${id}`).toBeGreaterThanOrEqual(0);
  return html.slice(start, html.indexOf('</section>', start));
}
const csvHrefs = (html: string) => [...html.matchAll(/<a class="csv-link" href="([^"]+)"/g)].map((m) => m[1]!.replace(/&amp;/g, '&'));

describe('the plan dashboard', () => {
  it('shows the totals summed by hand, written the es-CO way', async () => {
    const html = await page(`/planes/${f.planId}/metricas`);
    expect(html).toContain('<script src="/public/vendor/chart.umd.min.js" defer=""></script><script src="/public/js/metrics-charts.js" defer=""></script>');
    navMetricsActive(html);
    expect(card(html, 'reach')).toBe('3.468');
    expect(card(html, 'interactions')).toBe('38');
    expect(card(html, 'engagementRate')).toBe('2,0 %'); // 38 / 1.888 (the website's 80 views and the billboard's 1.500 are not in it)
    expect(card(html, 'views')).toBe('80');
    expect(card(html, 'shortLinkClicks')).toBe('10');
    expect(card(html, 'piecesPublished')).toBe('4');
    expect(card(html, 'publications')).toBe('5');
    expect(html).toContain('1.500 fuera de línea');
    expect(html).toContain('7 según las redes');
  });

  it('draws the cumulative trend, goal attainment per subcomponent and channels from the same figures', async () => {
    const html = await page(`/planes/${f.planId}/metricas`);
    const trend = chart(html, 'chart-tendencia');
    const [reach, interactions] = trend.datasets;
    expect(trend.labels![0]).toBe('3 nov');
    // Nov 3: the first X sample; Nov 4: its second and Facebook's (1.234 + 34 = 1.268); Nov 5: the billboard
    // and P4 on Facebook (1.268 + 1.500 + 120 = 2.888); Nov 6: the website (+ 80 = 2.968); Nov 11: P2 (+ 500 = 3.468).
    expect(reach!.data.slice(0, 9)).toEqual([1000, 1268, 2888, 2968, 2968, 2968, 2968, 2968, 3468]);
    expect(interactions!.data.slice(0, 9)).toEqual([17, 33, 33, 33, 33, 33, 33, 33, 38]);
    expect(reach!.data.at(-1)).toBe(3468);

    const goals = chart(html, 'chart-metas');
    expect(goals.datasets[0]!.data).toEqual([35.4, 100, null, null]);
    const subcomponents = section(html, 'metas');
    expect(subcomponents).toContain('35,4 %');
    expect(subcomponents).toContain('100 %');

    const reachByChannel = chart(html, 'chart-canales-alcance');
    expect(reachByChannel.labels).toEqual(['X', 'Facebook', 'Sitio web municipal', 'Fuera de línea']);
    // Facebook: P1's 34 + P4's 120 = 154.
    expect(reachByChannel.datasets[0]!.data).toEqual([1734, 154, 80, 1500]);
    expect(chart(html, 'chart-canales-interacciones').datasets[0]!.data).toEqual([35, 3, 0, 0]);
    // Channel, reach, interactions, rate, views, clicks, publications. X: 35 / 1.734 = 2,02 % → «2,0 %».
    expect(row(html, 'x')).toEqual(['X', '1.734', '35', '2,0 %', '0', '10', '2']);
    // Facebook: 3 / 154 = 1,95 % → «1,9 %».
    expect(row(html, 'facebook')).toEqual(['Facebook', '154', '3', '1,9 %', '0', '0', '2']);
    // The website's 80 page views are its reach, but visits have no interaction rate.
    expect(row(html, 'website')).toEqual(['Sitio web municipal', '80', '0', '—', '80', '0', '1']);
    expect(row(html, 'offline').slice(0, 4)).toEqual(['Fuera de línea', '1.500', '0', '—']);
  });

  it('lists the activities with their target and attainment, the departments and the top pieces linked to their pages', async () => {
    const html = await page(`/planes/${f.planId}/metricas`);
    expect(row(html, f.a1).slice(0, 5)).toEqual([expect.stringContaining('Realizar comunicados de prensa'), 'Alcance: 5.000', '1.768', '35,4 %', '1.768']);
    expect(row(html, f.a2).slice(1, 4)).toEqual(['Alcance: 1.000', '1.580', '158 %']);
    expect(html).toContain(`<a href="/actividades/${f.a1}/metricas">`);
    const planeacion = await t.db.department.findFirstOrThrow({ where: { name: 'Secretaría de Planeación' } });
    expect(row(html, planeacion.id).slice(0, 2)).toEqual(['Secretaría de Planeación', '1.580']);
    const top = section(html, 'piezas');
    const order = [f.p3, f.p1, f.p2].map((id) => top.indexOf(`<a href="/piezas/${id}/metricas">`));
    expect(order.every((i) => i > 0)).toBe(true);
    expect(order).toEqual([...order].sort((a, b) => a - b));
    expect(row(top, f.p1).slice(0, 3)).toEqual(['Invitación a la audiencia', '1.268', '33']);
  });

  it('suggests the best time in words and colours the weekday × hour table', async () => {
    const html = await page(`/planes/${f.planId}/metricas`);
    const best = section(html, 'mejores-horas');
    expect(best).toContain('<strong>martes 10:00–11:00</strong> (2,1 %, 3 publicaciones)');
    expect(best).toContain('title="martes 10:00–11:00: 3 publicaciones, alcance 1.768, 38 interacciones, tasa 2,1 %"');
    expect(best).toMatch(/class="heat heat-5" title="martes 10:00–11:00/);
    // P4 on Facebook alone: the website's P3 went out at the same hour but is not counted (2 publications, reach 200 if it were).
    expect(best).toMatch(/class="heat heat-0" title="jueves 09:00–10:00: 1 publicación, alcance 120, 0 interacciones, tasa 0,0 %"/);
  });

  it('lists the plan\'s late activities and its failed publications, and not another plan\'s', async () => {
    await t.db.activity.update({ where: { id: f.a2 }, data: { plannedStart: new Date('2026-09-01'), plannedEnd: new Date('2026-10-01') } });
    const failed = await t.db.publication.create({
      data: { pieceId: f.p2, variantId: (await t.db.pieceVariant.create({ data: { pieceId: f.p2, network: 'facebook', text: 'x' } })).id, accountId: f.accounts.facebook, pieceVersion: 1, status: 'failed', error: 'La red rechazó la imagen.' },
    });
    const loose = await t.db.piece.create({ data: { kind: 'social_post', title: 'Pieza suelta sin actividad' } });
    await t.db.publication.create({
      data: { pieceId: loose.id, variantId: (await t.db.pieceVariant.create({ data: { pieceId: loose.id, network: 'x', text: 'x' } })).id, accountId: f.accounts.x, pieceVersion: 1, status: 'unconfirmed' },
    });
    const html = await page(`/planes/${f.planId}/metricas`);
    expect(section(html, 'atrasadas')).toContain(`<a href="/actividades/${f.a2}">Rendición de cuentas sectorial`);
    const problems = section(html, 'problemas');
    expect(problems).toContain('La red rechazó la imagen.');
    expect(problems).toContain(`/piezas/${f.p2}#publicaciones`);
    expect(problems).not.toContain('Pieza suelta sin actividad');
    await t.db.publication.delete({ where: { id: failed.id } });
    await t.db.activity.update({ where: { id: f.a2 }, data: { plannedStart: null, plannedEnd: null } });
  });

  it('filters by dates, and the CSV links carry the same filter', async () => {
    const html = await page(`/planes/${f.planId}/metricas?desde=2026-11-10&hasta=2026-11-12`);
    expect(card(html, 'reach')).toBe('500'); // only P2 went out those days; the billboard was on Nov 5
    expect(card(html, 'publications')).toBe('1');
    expect(html).toContain('value="2026-11-10"');
    const hrefs = csvHrefs(html);
    expect(hrefs).toContain(`/api/plans/${f.planId}/metrics.csv?tabla=canales&desde=2026-11-10&hasta=2026-11-12`);
    const csv = await request(hrefs[0]!);
    expect(csv.status).toBe(200);

    const bad = await page(`/planes/${f.planId}/metricas?desde=2026-11-20&hasta=2026-11-01`, 'communications', 422);
    expect(bad).toContain('La fecha «desde» (2026-11-20) es posterior a «hasta» (2026-11-01).');
    expect(card(bad, 'reach')).toBe('3.468');
    expect(await page(`/planes/${f.planId}/metricas?desde=ayer`, 'communications', 422)).toContain('La fecha «desde» no es válida (ayer)');
  });

  it('links every table to its CSV, and each link answers a CSV', async () => {
    const html = await page(`/planes/${f.planId}/metricas`);
    const hrefs = csvHrefs(html);
    expect(hrefs.map((h) => new URL(h, 'http://x').searchParams.get('tabla'))).toEqual(['serie', 'subcomponentes', 'canales', 'actividades', 'dependencias', 'piezas']);
    for (const href of hrefs) {
      const res = await request(href);
      expect(res.status, href).toBe(200);
      expect(res.headers.get('content-type')).toContain('text/csv');
    }
  });

  it('is one click away from the navigation: /metricas opens the latest plan\'s dashboard', async () => {
    const res = await request('/metricas');
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe(`/planes/${f.planId}/metricas`);
    // And from the plan, its activities and its pieces.
    const planPage = await page(`/planes/${f.planId}`);
    expect(planPage).toContain(`<a href="/planes/${f.planId}/metricas">`);
    expect(planPage).toContain('<a href="/metricas">Métricas</a>'); // there the plan is the current section
    expect(await page(`/actividades/${f.a1}`)).toContain(`<a href="/actividades/${f.a1}/metricas">`);
    expect(await page(`/piezas/${f.p1}`)).toContain(`<a href="/piezas/${f.p1}/metricas">`);
  });

  it('answers an HTML 404 for an unknown plan, and is open to a viewer', async () => {
    expect(await page('/planes/no-existe/metricas', 'communications', 404)).toContain('No existe el plan con id no-existe.');
    expect(card(await page(`/planes/${f.planId}/metricas`, 'viewer'), 'reach')).toBe('3.468');
  });
});

describe('a piece\'s metrics', () => {
  it('shows its totals, one chart per metric with a line per publication, the publications and the short links', async () => {
    const html = await page(`/piezas/${f.p1}/metricas`);
    navMetricsActive(html);
    expect(card(html, 'reach')).toBe('1.268');
    expect(card(html, 'interactions')).toBe('33');
    expect(card(html, 'shortLinkClicks')).toBe('10');
    expect(card(html, 'publications')).toBe('2');
    expect(card(html, 'piecesPublished')).toBeNull();

    const impressions = chart(html, 'chart-impressions');
    expect(impressions.datasets.map((d) => d.label)).toEqual(['X · @AlcaldiaSanMartin', 'Facebook · Alcaldía de San Martín']);
    expect(impressions.datasets[0]!.data).toEqual([
      { x: Date.parse('2026-11-03T20:00:00Z'), y: 1000 },
      { x: Date.parse('2026-11-04T15:00:00Z'), y: 1234 },
    ]);
    expect(impressions.datasets[1]!.data).toEqual([{ x: Date.parse('2026-11-04T15:00:00Z'), y: 34 }]);
    expect(chart(html, 'chart-likes').datasets[0]!.data.map((p) => (p as { y: number }).y)).toEqual([10, 20]);
    expect(html).not.toContain('chart-views'); // no network gave views for this piece

    const x = row(html, f.p1x);
    expect(x[0]).toBe('X · @AlcaldiaSanMartin');
    expect(x[1]).toBe('3 de noviembre de 2026, 10:00 a. m.');
    expect(x).toContain('1.234');
    expect(html).toContain(`href="https://example.invalid/x/`);
    expect(row(html, 'aud2026')).toEqual(['/l/aud2026', 'X', 'https://sanmartin.gov.co/audiencia', '10', '2']);
    expect(csvHrefs(html)).toEqual(['serie', 'publicaciones', 'enlaces'].map((tabla) => `/api/pieces/${f.p1}/metrics.csv?tabla=${tabla}`));
  });

  it('shows the manual entries of an offline piece', async () => {
    const html = await page(`/piezas/${f.p3}/metricas`);
    expect(card(html, 'reach')).toBe('1.580');
    const entries = section(html, 'registros');
    expect(row(entries, f.entryId).slice(0, 4)).toEqual(['5 de noviembre de 2026', 'Valla', 'Alcance 1.500', '1.500']);
    expect(entries).toContain('href="https://fotos.example/valla-calle-10.jpg"');
    expect(entries).not.toContain('Eliminar');
    expect(await page('/piezas/no-existe/metricas', 'communications', 404)).toContain('No existe la pieza con id no-existe.');
  });
});

describe('an activity\'s metrics', () => {
  it('shows the target and its attainment, its pieces compared and its channels', async () => {
    const html = await page(`/actividades/${f.a1}/metricas`);
    navMetricsActive(html);
    expect(html).toContain('<strong data-figure="target">Alcance: 5.000</strong>');
    expect(html).toContain('<strong data-figure="actual">1.768</strong>');
    expect(section(html, 'meta')).toContain('35,4 %');
    expect(card(html, 'reach')).toBe('1.768');
    const pieces = chart(html, 'chart-piezas-alcance');
    expect(pieces.labels).toEqual(['Invitación a la audiencia', 'Resultados de la encuesta']);
    expect(pieces.datasets[0]!.data).toEqual([1268, 500]);
    expect(chart(html, 'chart-piezas-interacciones').datasets[0]!.data).toEqual([33, 5]);
    expect(csvHrefs(html)).toEqual(['piezas', 'canales', 'serie'].map((tabla) => `/api/activities/${f.a1}/metrics.csv?tabla=${tabla}`));
    expect(html).toContain(`name="_csrf" value="${sessions.communications.csrfToken}"`);
  });

  it('sets the target through the page, with the activity\'s audit entry; refuses a wrong one; clears it', async () => {
    const res = await submit(`/actividades/${f.a1}/metricas/meta`, { targetMetric: 'interactions', targetValue: '50' });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`/actividades/${f.a1}/metricas?aviso=meta#meta`);
    expect(await t.db.activity.findUniqueOrThrow({ where: { id: f.a1 } })).toMatchObject({ targetMetric: 'interactions', targetValue: 50 });
    const audit = await t.db.auditEntry.findFirstOrThrow({ where: { entityType: 'Activity', entityId: f.a1, actorId: sessions.communications.id }, orderBy: { at: 'desc' } });
    expect(JSON.parse(audit.after!)).toMatchObject({ targetMetric: 'interactions', targetValue: 50 });
    const after = await page(`/actividades/${f.a1}/metricas?aviso=meta`);
    expect(after).toContain('Meta guardada.');
    expect(after).toContain('<strong data-figure="target">Interacciones: 50</strong>');
    expect(section(after, 'meta')).toContain('76 %'); // 38 of 50

    const wrongMetric = await submit(`/actividades/${f.a1}/metricas/meta`, { targetMetric: 'followers', targetValue: '50' });
    expect(wrongMetric.status).toBe(422);
    expect(await wrongMetric.text()).toContain('Elija con qué se mide la meta');
    const zero = await submit(`/actividades/${f.a1}/metricas/meta`, { targetMetric: 'reach', targetValue: '0' });
    expect(zero.status).toBe(422);
    expect(await zero.text()).toContain('La meta debe ser un número mayor que cero.');
    expect(await t.db.activity.findUniqueOrThrow({ where: { id: f.a1 } })).toMatchObject({ targetMetric: 'interactions', targetValue: 50 });

    // es-CO thousands typed by hand.
    expect((await submit(`/actividades/${f.a1}/metricas/meta`, { targetMetric: 'reach', targetValue: '5.000' })).status).toBe(303);
    expect(await t.db.activity.findUniqueOrThrow({ where: { id: f.a1 } })).toMatchObject({ targetMetric: 'reach', targetValue: 5000 });

    expect((await submit(`/actividades/${f.a2}/metricas/meta`, { action: 'clear' })).status).toBe(303);
    expect(await t.db.activity.findUniqueOrThrow({ where: { id: f.a2 } })).toMatchObject({ targetMetric: null, targetValue: null });
    expect(await page(`/actividades/${f.a2}/metricas`)).toContain('Esta actividad no tiene meta numérica.');
    await t.db.activity.update({ where: { id: f.a2 }, data: { targetMetric: 'reach', targetValue: 1000 } });
  });

  it('adds, corrects and deletes manual entries through the page forms', async () => {
    const media = await t.db.mediaAsset.create({ data: { kind: 'image', mimeType: 'image/jpeg', bytes: 10, sha256: 'b'.repeat(64), storagePath: 'bb/foto.jpg', originalName: 'foto-feria.jpg' } });
    const html = await page(`/actividades/${f.a2}/metricas`);
    expect(html).toContain(`<option value="${media.id}">Imagen: foto-feria.jpg</option>`);
    expect(html).toContain(`<option value="${f.p3}">Nota en el sitio web</option>`);

    const before = await t.db.manualMetricEntry.count();
    const refused = await submit(`/actividades/${f.a2}/metricas/registros`, { kind: 'fair', date: '2026-11-15', attendance: '320', evidenceUrl: '', evidenceMediaId: '', notes: 'Feria en la plaza' });
    expect(refused.status).toBe(422);
    const again = await refused.text();
    expect(again).toContain('Adjunte la evidencia: un archivo o un enlace.');
    expect(again).toContain('value="320"'); // what was typed comes back
    expect(again).toContain('Feria en la plaza</textarea>');
    expect(again).toContain('<details class="entry-new" open="">');
    expect(await t.db.manualMetricEntry.count()).toBe(before);

    const saved = await submit(`/actividades/${f.a2}/metricas/registros`, { kind: 'fair', date: '2026-11-15', attendance: '1.320', evidenceMediaId: media.id, notes: 'Feria en la plaza' });
    expect(saved.status).toBe(303);
    expect(saved.headers.get('location')).toBe(`/actividades/${f.a2}/metricas?aviso=registro#registros`);
    const entry = await t.db.manualMetricEntry.findFirstOrThrow({ where: { activityId: f.a2, kind: 'fair' } });
    expect(entry).toMatchObject({ attendance: 1320, evidenceMediaId: media.id, createdById: sessions.communications.id, pieceId: null });
    const listed = await page(`/actividades/${f.a2}/metricas?aviso=registro`);
    expect(listed).toContain('Registro guardado.');
    expect(row(section(listed, 'registros'), entry.id).slice(0, 6)).toEqual(['15 de noviembre de 2026', 'Feria o jornada', 'Asistentes 1.320', '1.320', '—', 'foto-feria.jpg']);
    expect(card(listed, 'attendance')).toBe('1.320');

    // A correction replaces every field: the emptied notes are cleared.
    const corrected = await submit(`/actividades/${f.a2}/metricas/registros/${entry.id}`, { kind: 'fair', date: '2026-11-15', attendance: '1400', evidenceMediaId: media.id, evidenceUrl: '', notes: '' });
    expect(corrected.status).toBe(303);
    expect(await t.db.manualMetricEntry.findUniqueOrThrow({ where: { id: entry.id } })).toMatchObject({ attendance: 1400, notes: null });
    const wrong = await submit(`/actividades/${f.a2}/metricas/registros/${entry.id}`, { kind: 'fair', date: '2026-11-15', attendance: '-3', evidenceMediaId: media.id });
    expect(wrong.status).toBe(422);
    expect(await wrong.text()).toContain('El número de asistentes debe ser un número entero igual o mayor que cero.');

    // An entry is changed only from its own activity's page.
    expect((await submit(`/actividades/${f.a1}/metricas/registros/${entry.id}/eliminar`, {})).status).toBe(404);
    const deleted = await submit(`/actividades/${f.a2}/metricas/registros/${entry.id}/eliminar`, {});
    expect(deleted.status).toBe(303);
    expect(await t.db.manualMetricEntry.findUnique({ where: { id: entry.id } })).toBeNull();
    expect(await t.db.auditEntry.count({ where: { entityType: 'ManualMetricEntry', entityId: entry.id } })).toBe(3);
  });

  it('lets a department change only its own activities, and shows a viewer no forms', async () => {
    expect((await submit(`/actividades/${f.a2}/metricas/meta`, { targetMetric: 'reach', targetValue: '1200' }, 'department')).status).toBe(303);
    expect(await t.db.activity.findUniqueOrThrow({ where: { id: f.a2 } })).toMatchObject({ targetValue: 1200 });
    const foreign = await submit(`/actividades/${f.a1}/metricas/meta`, { targetMetric: 'reach', targetValue: '1' }, 'department');
    expect(foreign.status).toBe(403);
    expect((await submit(`/actividades/${f.a1}/metricas/registros`, { kind: 'radio', date: '2026-11-01', audience: '10', evidenceUrl: 'https://a.example' }, 'department')).status).toBe(403);
    expect(await t.db.activity.findUniqueOrThrow({ where: { id: f.a1 } })).toMatchObject({ targetValue: 5000 });
    // The page offers the forms only where they would be accepted.
    expect(await page(`/actividades/${f.a2}/metricas`, 'department')).toContain('Guardar la meta');
    const notTheirs = await page(`/actividades/${f.a1}/metricas`, 'department');
    expect(notTheirs).not.toContain('Guardar la meta');
    expect(notTheirs).not.toContain('Agregar un registro');

    const viewer = await page(`/actividades/${f.a2}/metricas`, 'viewer');
    expect(viewer).not.toContain('Guardar la meta');
    expect(viewer).not.toContain('Agregar un registro');
    expect(viewer).not.toContain('Eliminar');
    expect((await submit(`/actividades/${f.a2}/metricas/meta`, { action: 'clear' }, 'viewer')).status).toBe(403);
    await t.db.activity.update({ where: { id: f.a2 }, data: { targetValue: 1000 } });
  });
});
