import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ActivityMetrics, BestTimes, PieceMetrics, PlanMetrics } from '../../src/metrics/rollup-types.js';
import { parseCsv } from '../support/http.js';
import { activityDescriptions, createMetricsFixture, pieceTitles, subcomponentNames, type MetricsFixture } from '../support/metrics-rollups-fixture.js';
import { createTestContext, type TestContext } from '../support/test-db.js';

/**
 * The metrics JSON and CSV API over the hand-made campaign of test/support/metrics-rollups-fixture.ts
 * (its figures are summed by hand in test/integration/metrics-rollups.test.ts), through the real app
 * (src/app.ts) as the test administrator, in the office's zone of the test configuration (America/Bogota).
 */

let t: TestContext;
let fx: MetricsFixture;

beforeAll(async () => {
  t = await createTestContext();
  expect(t.config.timeZone).toBe('America/Bogota');
  fx = await createMetricsFixture(t.db);
});
afterAll(async () => {
  await t.close();
});

const get = (path: string) => t.app.request(path);

async function csv(path: string, filename: string) {
  const res = await get(path);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
  expect(res.headers.get('content-disposition')).toBe(`attachment; filename="${filename}"`);
  // Read as bytes: Response.text() would drop the byte-order mark that Excel needs.
  const bytes = new Uint8Array(await res.arrayBuffer());
  expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes);
  expect(text.endsWith('\r\n')).toBe(true);
  const rows = parseCsv(text);
  return { header: rows[0]!, rows: rows.slice(1) };
}

const totalsHeader = [
  'Publicaciones',
  'Piezas publicadas',
  'Alcance',
  'Interacciones',
  'Tasa de interacción (%)',
  'Impresiones',
  'Reproducciones y visitas',
  'Me gusta',
  'Compartidos',
  'Respuestas y comentarios',
  'Citas',
  'Guardados',
  'Clics en enlaces (red)',
  'Tiempo de reproducción (s)',
  'Clics en enlaces de Pregón',
  'Alcance fuera de línea',
  'Asistentes',
];

describe('JSON', () => {
  it('GET /api/plans/:id/metrics answers the plan’s rollup, limited by desde/hasta', async () => {
    const res = await get(`/api/plans/${fx.planId}/metrics`);
    expect(res.status).toBe(200);
    const all = (await res.json()) as PlanMetrics;
    // Rate: 110 interactions over the 2100 reached on networks that count them (the website's 170 views are not).
    expect(all.totals).toMatchObject({ reach: 7650, interactions: 110, engagementRate: 110 / 2100, publications: 7, piecesPublished: 5, shortLinkClicks: 15, manualReach: 5380, attendance: 120 });
    expect(all.bySubcomponent.map((s) => [s.label, s.attainmentPercent])).toEqual([
      [subcomponentNames.s1, 78],
      [subcomponentNames.s2, 100],
    ]);

    // 21–23 Nov in Bogotá: X2 1000/40 and W1 (no sample yet), E1 80, clicks 6 + 5.
    const period = (await (await get(`/api/plans/${fx.planId}/metrics?desde=2026-11-21&hasta=2026-11-23`)).json()) as PlanMetrics;
    expect(period.totals).toMatchObject({ reach: 1080, interactions: 40, publications: 2, shortLinkClicks: 11 });
    expect(period.series.map((p) => [p.day, p.reach, p.shortLinkClicks])).toEqual([
      ['2026-11-21', 0, 6],
      ['2026-11-22', 0, 5],
      ['2026-11-23', 1080, 0],
    ]);
  });

  it('GET /api/pieces/:id/metrics and /api/activities/:id/metrics', async () => {
    const piece = (await (await get(`/api/pieces/${fx.pieces.p1}/metrics?desde=2026-11-20&hasta=2026-11-24`)).json()) as PieceMetrics;
    expect(piece.totals).toMatchObject({ reach: 500, interactions: 28, publications: 2, shortLinkClicks: 15 });
    expect(piece.publications.map((p) => [p.network, p.samples.length])).toEqual([
      ['x', 3],
      ['facebook', 0],
    ]);
    expect(piece.series.map((p) => p.reach)).toEqual([100, 300, 300, 300, 500]);

    const activity = (await (await get(`/api/activities/${fx.activities.a2}/metrics`)).json()) as ActivityMetrics;
    expect(activity.attainment).toEqual({ metric: 'interactions', target: 50, actual: 80, percent: 160 });
    // P2: YT1 400 + X4 30.
    expect(activity.pieces.map((p) => [p.title, p.totals.reach])).toEqual([
      [pieceTitles.p3, 1000],
      [pieceTitles.p2, 430],
    ]);
  });

  it('GET /api/plans/:id/best-times suggests Friday 10:00 in Bogotá; minimo=1 widens it', async () => {
    const b = (await (await get(`/api/plans/${fx.planId}/best-times`)).json()) as BestTimes;
    // Sun 9 (X2), Thu 15 (X4), Fri 10 (X1 + X3), Fri 20 (YT1); the website's W1 has no cell.
    expect(b.cells).toHaveLength(4);
    expect(b.suggestions).toEqual([{ weekday: 5, hour: 10, publications: 2, reach: 670, interactions: 30, rate: 30 / 670 }]);
    const wide = (await (await get(`/api/plans/${fx.planId}/best-times?minimo=1`)).json()) as BestTimes;
    expect(wide.suggestions.map((c) => [c.weekday, c.hour])).toEqual([
      [5, 20],
      [5, 10],
      [0, 9],
    ]);
  });

  it('is described in the OpenAPI document', () => {
    const doc = t.anon.getOpenAPI31Document({ openapi: '3.1.0', info: { title: 'prueba', version: '1' } });
    for (const path of ['/api/plans/{id}/metrics', '/api/plans/{id}/metrics.csv', '/api/plans/{id}/best-times', '/api/pieces/{id}/metrics', '/api/pieces/{id}/metrics.csv', '/api/activities/{id}/metrics', '/api/activities/{id}/metrics.csv']) {
      expect(doc.paths?.[path]?.get, path).toBeDefined();
    }
  });
});

describe('CSV', () => {
  it('exports the plan’s channels with Spanish headers, plain integers and rates with a decimal comma', async () => {
    const { header, rows } = await csv(`/api/plans/${fx.planId}/metrics.csv?tabla=canales`, 'metricas-canales.csv');
    expect(header).toEqual(['Canal', ...totalsHeader]);
    expect(rows.map((r) => r[0])).toEqual(['X', 'YouTube', 'Facebook', 'Sitio web municipal', 'Fuera de línea']);
    // X: 4 publications (X1, X2, X3, X4) of 4 pieces, 500 + 1000 + 170 + 30 = 1700 reach, 70 interactions
    // (70 / 1700 = 4.12 % → "4,1"), 52 likes, 14 shares, 3 replies, 1 quote, 10 clicks on its short link.
    expect(rows[0]).toEqual(['X', '4', '4', '1700', '70', '4,1', '1700', '0', '52', '14', '3', '1', '0', '0', '0', '10', '0', '0']);
    // YouTube: 40 / 400 = 10 % → "10,0". Facebook: no reach → no rate.
    expect(rows[1]!.slice(0, 6)).toEqual(['YouTube', '1', '1', '400', '40', '10,0']);
    expect(rows[2]!.slice(0, 6)).toEqual(['Facebook', '1', '1', '0', '0', '']);
    // The website: W1's 170 page views count in its reach and views, but it has no rate (no interactions to count).
    expect(rows[3]).toEqual(['Sitio web municipal', '1', '1', '170', '0', '', '0', '170', '0', '0', '0', '0', '0', '0', '0', '0', '0', '0']);
    expect(rows[4]).toEqual(['Fuera de línea', '0', '0', '5380', '0', '', '0', '0', '0', '0', '0', '0', '0', '0', '0', '0', '5380', '120']);
  });

  it('exports subcomponents, activities with their targets, departments, pieces and the series', async () => {
    const sub = await csv(`/api/plans/${fx.planId}/metrics.csv?tabla=subcomponentes`, 'metricas-subcomponentes.csv');
    expect(sub.header.slice(0, 4)).toEqual(['Subcomponente', 'Actividades con meta', 'Cumplimiento ponderado (%)', 'Publicaciones']);
    expect(sub.rows.map((r) => r.slice(0, 3))).toEqual([
      [subcomponentNames.s1, '2', '78,0'],
      [subcomponentNames.s2, '1', '100,0'],
    ]);

    const act = await csv(`/api/plans/${fx.planId}/metrics.csv?tabla=actividades`, 'metricas-actividades.csv');
    expect(act.header.slice(0, 8)).toEqual(['N.º', 'Subcomponente', 'Actividad', 'Métrica de la meta', 'Meta', 'Logrado', 'Cumplimiento (%)', 'Publicaciones']);
    expect(act.rows.map((r) => r.slice(0, 7))).toEqual([
      ['1.1', subcomponentNames.s1, activityDescriptions.a1, 'Alcance (personas alcanzadas, en línea y fuera de línea)', '1000', '670', '67,0'],
      ['1.2', subcomponentNames.s1, activityDescriptions.a2, 'Interacciones', '50', '80', '160,0'],
      ['2.1', subcomponentNames.s2, activityDescriptions.a3, 'Asistentes (registros manuales)', '100', '120', '120,0'],
      ['2.2', subcomponentNames.s2, activityDescriptions.a4, '', '', '', ''],
    ]);

    const dep = await csv(`/api/plans/${fx.planId}/metrics.csv?tabla=dependencias`, 'metricas-dependencias.csv');
    expect(dep.header[0]).toBe('Dependencia');
    // Name, publications, pieces, reach (summed in metrics-rollups.test.ts: A2 is X2 1000 + YT1 400 + X4 30 = 1430).
    // Hacienda: A2 (3) + A4 (1) publications, P2, P3, P5; 1430 + 170 + 5380 = 6980.
    // Planeación: A1 (3) + A2 (3), P1, P6, P2, P3; 670 + 1430 + 5380 = 7480.
    expect(dep.rows.map((r) => r.slice(0, 4))).toEqual([
      ['Oficina de Comunicaciones', '0', '0', '5380'],
      ['Secretaría de Hacienda', '4', '3', '6980'],
      ['Secretaría de Planeación', '6', '4', '7480'],
    ]);

    const pieces = await csv(`/api/plans/${fx.planId}/metrics.csv?tabla=piezas`, 'metricas-piezas.csv');
    expect(pieces.header.slice(0, 4)).toEqual(['Pieza', 'Actividad', 'Publicaciones', 'Piezas publicadas']);
    expect(pieces.rows.map((r) => [r[0], r[1], r[4]])).toEqual([
      [pieceTitles.p3, activityDescriptions.a2, '1000'],
      [pieceTitles.p1, activityDescriptions.a1, '500'],
      [pieceTitles.p2, activityDescriptions.a2, '430'],
      [pieceTitles.p4, activityDescriptions.a3, '300'],
      [pieceTitles.p6, activityDescriptions.a1, '170'],
      [pieceTitles.p5, activityDescriptions.a4, '170'],
    ]);

    const serie = await csv(`/api/plans/${fx.planId}/metrics.csv?tabla=serie&desde=2026-11-23&hasta=2026-11-25`, 'metricas-serie.csv');
    expect(serie.header).toEqual(['Día', 'Alcance acumulado', 'Interacciones acumuladas', 'Reproducciones y visitas acumuladas', 'Clics en enlaces de Pregón del día']);
    // Only W1 (23 Nov) is published in these days (X4 is of 26 Nov): 170 views from 24 Nov; E1 80 on 23, E2 + E3 5300 on 24.
    expect(serie.rows).toEqual([
      ['2026-11-23', '80', '0', '0', '0'],
      ['2026-11-24', '5550', '0', '170', '0'],
      ['2026-11-25', '5550', '0', '170', '0'],
    ]);
  });

  it('exports a piece’s publications, links and series', async () => {
    const pubs = await csv(`/api/pieces/${fx.pieces.p1}/metrics.csv?tabla=publicaciones`, 'metricas-publicaciones.csv');
    expect(pubs.header.slice(0, 8)).toEqual(['Red', 'Cuenta', 'Enlace', 'Publicada', 'Última lectura', 'Alcance', 'Interacciones', 'Impresiones']);
    const [x1, fb1] = pubs.rows;
    expect(x1!.slice(0, 3)).toEqual(['X', 'Alcaldía en X', `https://example.invalid/x/${fx.pieces.p1}`]);
    // Office time: 20 Nov 15:00Z = 10:00 a. m. in Bogotá; the latest reading 25 Nov 03:00Z = 24 Nov, 10:00 p. m.
    expect(x1![3]).toMatch(/^20 de noviembre de 2026, 10:00/);
    expect(x1![4]).toMatch(/^24 de noviembre de 2026, 10:00/);
    expect(x1!.slice(5, 8)).toEqual(['500', '28', '500']);
    // No sample: 0 reach, empty counts.
    expect(fb1!.slice(0, 2)).toEqual(['Facebook', 'Página de Facebook']);
    expect(fb1![4]).toBe('');
    expect(fb1!.slice(5, 8)).toEqual(['0', '0', '']);

    const links = await csv(`/api/pieces/${fx.pieces.p1}/metrics.csv?tabla=enlaces`, 'metricas-enlaces.csv');
    expect(links.header).toEqual(['Código', 'Red', 'Enlace', 'Clics']);
    expect(links.rows).toEqual([
      ['inf-x', 'X', 'https://sanmartin.gov.co/rendicion', '10'],
      ['inf-fb', 'Facebook', 'https://sanmartin.gov.co/rendicion', '5'],
    ]);

    const serie = await csv(`/api/pieces/${fx.pieces.p1}/metrics.csv?tabla=serie&desde=2026-11-20&hasta=2026-11-21`, 'metricas-serie.csv');
    expect(serie.rows).toEqual([
      ['2026-11-20', '100', '6', '0', '4'],
      ['2026-11-21', '300', '17', '0', '6'],
    ]);
  });

  it('exports an activity’s pieces, channels and series', async () => {
    const pieces = await csv(`/api/activities/${fx.activities.a3}/metrics.csv?tabla=piezas`, 'metricas-piezas.csv');
    expect(pieces.header).toEqual(['Pieza', ...totalsHeader]);
    expect(pieces.rows).toEqual([[pieceTitles.p4, '0', '0', '300', '0', '', '0', '0', '0', '0', '0', '0', '0', '0', '0', '0', '300', '40']]);

    const channels = await csv(`/api/activities/${fx.activities.a3}/metrics.csv?tabla=canales`, 'metricas-canales.csv');
    expect(channels.rows.map((r) => [r[0], r[3], r[17]])).toEqual([['Fuera de línea', '5380', '120']]);

    const serie = await csv(`/api/activities/${fx.activities.a3}/metrics.csv?tabla=serie&desde=2026-11-22&hasta=2026-11-24`, 'metricas-serie.csv');
    expect(serie.rows.map((r) => [r[0], r[1]])).toEqual([
      ['2026-11-22', '0'],
      ['2026-11-23', '80'],
      ['2026-11-24', '5380'],
    ]);
  });
});

describe('errors, in Spanish', () => {
  it('404 for an unknown plan, piece or activity', async () => {
    for (const [path, message] of [
      ['/api/plans/no-existe/metrics', 'No existe el plan con id no-existe.'],
      ['/api/plans/no-existe/best-times', 'No existe el plan con id no-existe.'],
      ['/api/plans/no-existe/metrics.csv?tabla=canales', 'No existe el plan con id no-existe.'],
      ['/api/pieces/no-existe/metrics', 'No existe la pieza con id no-existe.'],
      ['/api/pieces/no-existe/metrics.csv?tabla=serie', 'No existe la pieza con id no-existe.'],
      ['/api/activities/no-existe/metrics', 'No existe la actividad con id no-existe.'],
      ['/api/activities/no-existe/metrics.csv?tabla=piezas', 'No existe la actividad con id no-existe.'],
    ] as const) {
      const res = await get(path);
      expect(res.status, path).toBe(404);
      expect(await res.json()).toEqual({ error: { code: 'not_found', message, details: { id: 'no-existe' } } });
    }
  });

  it('422 for a table that does not exist, or none, naming the ones there are', async () => {
    const res = await get(`/api/plans/${fx.planId}/metrics.csv?tabla=publicaciones`);
    expect(res.status).toBe(422);
    const body = (await res.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('unprocessable');
    expect(body.error.message).toBe('La tabla «publicaciones» no existe; use una de estas: canales, subcomponentes, actividades, dependencias, piezas, serie.');

    const piece = await get(`/api/pieces/${fx.pieces.p1}/metrics.csv?tabla=canales`);
    expect(piece.status).toBe(422);
    expect(((await piece.json()) as { error: { message: string } }).error.message).toBe('La tabla «canales» no existe; use una de estas: publicaciones, enlaces, serie.');

    const none = await get(`/api/activities/${fx.activities.a1}/metrics.csv`);
    expect(none.status).toBe(422);
    expect(((await none.json()) as { error: { message: string } }).error.message).toBe('Indique la tabla que quiere exportar (tabla=): piezas, canales, serie.');
  });

  it('422 when desde is after hasta; 400 for a date that does not exist', async () => {
    const backwards = await get(`/api/plans/${fx.planId}/metrics?desde=2026-11-25&hasta=2026-11-20`);
    expect(backwards.status).toBe(422);
    expect(((await backwards.json()) as { error: { message: string } }).error.message).toBe('La fecha «desde» (2026-11-25) es posterior a «hasta» (2026-11-20).');

    const bad = await get(`/api/plans/${fx.planId}/metrics?desde=2026-02-30`);
    expect(bad.status).toBe(400);
    const body = (await bad.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('validation_failed');
    expect(body.error.message).toContain('Fecha inexistente');
  });
});
