import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { horizontalOverflow as overflow, launchChromium, requireChromium, screenshotDir, serveOnLoopback, sessionCookie, watchProblems } from '../support/browser.js';
import { buildPagesFixture, type PagesFixture } from '../support/metrics-pages-fixture.js';
import { createTestContext, createUserWithToken, importSeedPlan, type TestContext } from '../support/test-db.js';

// The three metrics pages in Chromium (Debian's, driven by playwright-core) with the hand-made
// campaign of test/support/metrics-pages-fixture.ts: every canvas gets its Chart.js chart, with the
// fixture's figures, under the app's CSP (no inline scripts or styles). The real app
// (createApp, as createTestContext builds it) is served in process over HTTP; the browser carries
// the session cookie of a real sign-in. Screenshots go to test-results/metrics/.

let shots: string;
let t: TestContext;
let f: PagesFixture;
let served: { base: string; close(): Promise<void> };
let base: string;
let browser: Browser;
let cookie: { name: string; value: string };

beforeAll(async () => {
  requireChromium();
  shots = screenshotDir('metrics');

  t = await createTestContext();
  const planId = await importSeedPlan(t.db);
  served = await serveOnLoopback(t);
  base = served.base;

  const { user } = await createUserWithToken(t.db, 'communications', [], 'jefa@alcaldia.gov.co');
  cookie = await sessionCookie(base, user.email);
  f = await buildPagesFixture(t.db, planId, user.id);
  browser = await launchChromium();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await served?.close();
  await t?.close();
});

type Drawn = { id: string; type: string; labels: unknown[]; datasets: { label: string; data: unknown[] }[] };

/** Opens a page signed in, with reduced motion (the charts draw at once), collecting script errors and CSP reports. */
async function open(pathname: string, width = 1280): Promise<{ page: Page; problems: string[] }> {
  const context = await browser.newContext({ viewport: { width, height: 900 }, locale: 'es-CO', timezoneId: 'America/Bogota', reducedMotion: 'reduce' });
  await context.addCookies([{ ...cookie, url: base }]);
  const page = await context.newPage();
  const problems = watchProblems(page);
  const res = await page.goto(`${base}${pathname}`);
  expect(res?.status(), pathname).toBe(200);
  return { page, problems };
}

/** Waits for every canvas to have its chart, then reads what Chart.js drew on each. */
async function charts(page: Page): Promise<Drawn[]> {
  const count = await page.locator('canvas[data-chart]').count();
  expect(count).toBeGreaterThan(0);
  await page.waitForFunction(`document.querySelectorAll('canvas[data-chart-ready="true"]').length === ${count}`, undefined, { timeout: 15_000 });
  // Runs in the page (the test project has no DOM types).
  return page.evaluate(`[...document.querySelectorAll('canvas[data-chart]')].map((canvas) => {
    const chart = Chart.getChart(canvas);
    return chart && {
      id: canvas.dataset.chart,
      type: chart.config.type,
      labels: chart.data.labels ?? [],
      datasets: chart.data.datasets.map((d) => ({ label: d.label, data: d.data })),
    };
  })`) as Promise<Drawn[]>;
}

const byId = (drawn: Drawn[], id: string) => {
  const found = drawn.find((d) => d?.id === id);
  expect(found, id).toBeTruthy();
  return found!;
};

/** A closer look at one section (the full-page shots are tall). */
async function sectionShot(page: Page, id: string, name: string) {
  await page.locator(`section[aria-labelledby="${id}"]`).screenshot({ path: path.join(shots, name) });
}

/** The navigation marks "Métricas", and the "Resultados" menu that holds it, as the current section. */
async function expectNavMetricsActive(page: Page) {
  expect(await page.locator('nav[aria-label="Principal"] a[aria-current="page"]').allTextContents()).toEqual(['Métricas']);
  expect(await page.locator('nav[aria-label="Principal"] summary.current').allTextContents()).toEqual(['Resultados (sección actual)']);
}

describe('the metrics pages in a browser', () => {
  it('draws the plan dashboard\'s charts with the fixture\'s figures, under the CSP', async () => {
    const { page, problems } = await open(`/planes/${f.planId}/metricas`);
    await expectNavMetricsActive(page);
    const drawn = await charts(page);
    expect(drawn.every((d) => d !== null)).toBe(true);
    expect(drawn.map((d) => d.id)).toEqual(['chart-tendencia', 'chart-metas', 'chart-canales-alcance', 'chart-canales-interacciones']);
    const trend = byId(drawn, 'chart-tendencia');
    expect(trend.type).toBe('line');
    expect(trend.datasets.map((d) => d.label)).toEqual(['Alcance acumulado', 'Interacciones acumuladas']);
    // Summed in the fixture: Nov 5 adds the billboard and P4 on Facebook (1.268 + 1.500 + 120), Nov 6 the website's 80, Nov 11 P2's 500.
    expect(trend.datasets[0]!.data.slice(0, 9)).toEqual([1000, 1268, 2888, 2968, 2968, 2968, 2968, 2968, 3468]);
    expect(trend.datasets[1]!.data.at(-1)).toBe(38);
    expect(byId(drawn, 'chart-metas').datasets[0]!.data).toEqual([35.4, 100, null, null]);
    expect(byId(drawn, 'chart-canales-alcance').datasets[0]!.data).toEqual([1734, 154, 80, 1500]);
    expect(byId(drawn, 'chart-canales-alcance').labels).toEqual(['X', 'Facebook', 'Sitio web municipal', 'Fuera de línea']);
    // The axis ticks read the es-CO way.
    const ticks = (await page.evaluate(`Chart.getChart(document.querySelector('canvas[data-chart="chart-tendencia"]')).scales.y.ticks.map((t) => t.label)`)) as string[];
    expect(ticks).toContain('3.500');
    expect(await page.locator('.metric-card[data-metric="reach"] .metric-value').textContent()).toBe('3.468');
    // 38 / 1.888: the website's views are not in the rate, and it shows one decimal.
    expect(await page.locator('.metric-card[data-metric="engagementRate"] .metric-value').textContent()).toBe('2,0 %');
    expect(await page.locator('.best-times strong').first().textContent()).toBe('martes 10:00–11:00');
    await page.screenshot({ path: path.join(shots, '01-plan.png'), fullPage: true });
    await page.screenshot({ path: path.join(shots, '01a-plan-arriba.png') });
    await sectionShot(page, 'metas', '01b-plan-metas.png');
    await sectionShot(page, 'canales', '01c-plan-canales.png');
    await sectionShot(page, 'actividades', '01d-plan-actividades.png');
    await sectionShot(page, 'mejores-horas', '01e-plan-mejores-horas.png');
    expect(problems).toEqual([]);

    // A CSV link downloads the table.
    const download = page.waitForEvent('download');
    await page.locator('a.csv-link[href*="tabla=canales"]').click();
    const file = await (await download).path();
    expect(fs.readFileSync(file!, 'utf8')).toContain('Fuera de línea');
    await page.context().close();
  }, 60_000);

  it('draws a piece\'s charts, one line per publication over time', async () => {
    const { page, problems } = await open(`/piezas/${f.p1}/metricas`);
    await expectNavMetricsActive(page);
    const drawn = await charts(page);
    const impressions = byId(drawn, 'chart-impressions');
    expect(impressions.datasets.map((d) => d.label)).toEqual(['X · @AlcaldiaSanMartin', 'Facebook · Alcaldía de San Martín']);
    expect(impressions.datasets[0]!.data).toEqual([
      { x: Date.parse('2026-11-03T20:00:00Z'), y: 1000 },
      { x: Date.parse('2026-11-04T15:00:00Z'), y: 1234 },
    ]);
    expect(byId(drawn, 'chart-likes').datasets.map((d) => d.data.length)).toEqual([2, 1]);
    // The x axis shows dates in the office's zone, in Spanish.
    const ticks = (await page.evaluate(`Chart.getChart(document.querySelector('canvas[data-chart="chart-impressions"]')).scales.x.ticks.map((t) => t.label)`)) as string[];
    // Samples over less than two days: a tick every 6 hours on Bogotá's clock.
    expect(ticks).toEqual(['3 nov 18:00', '4 nov 00:00', '4 nov 06:00']);
    await page.screenshot({ path: path.join(shots, '02-pieza.png'), fullPage: true });
    await sectionShot(page, 'evolucion', '02a-pieza-evolucion.png');
    expect(problems).toEqual([]);
    await page.context().close();
  }, 60_000);

  it('draws an activity\'s charts and records a manual entry through its form', async () => {
    const { page, problems } = await open(`/actividades/${f.a2}/metricas`);
    await expectNavMetricsActive(page);
    const drawn = await charts(page);
    expect(byId(drawn, 'chart-piezas-alcance').datasets[0]!.data).toEqual([1580]);
    expect(byId(drawn, 'chart-canales-alcance').labels).toEqual(['Sitio web municipal', 'Fuera de línea']);
    expect(await page.locator('[data-figure="actual"]').textContent()).toBe('1.580');
    await page.screenshot({ path: path.join(shots, '03-actividad.png'), fullPage: true });

    // A refused entry shows its Spanish message and keeps what was typed.
    await page.locator('details.entry-new summary').click();
    const form = page.locator('details.entry-new form');
    await form.locator('select[name="kind"]').selectOption('meeting');
    await form.locator('input[name="date"]').fill('2026-11-18');
    await form.locator('input[name="attendance"]').fill('64');
    await form.getByRole('button', { name: 'Guardar el registro' }).click();
    await page.waitForLoadState();
    expect(await page.locator('.entry-form .error').textContent()).toContain('Adjunte la evidencia: un archivo o un enlace.');
    expect(await page.locator('details.entry-new input[name="attendance"]').inputValue()).toBe('64');
    await page.screenshot({ path: path.join(shots, '04-actividad-registro-rechazado.png'), fullPage: true });
    await sectionShot(page, 'registros', '04a-registro-rechazado.png');

    await page.locator('details.entry-new input[name="evidenceUrl"]').fill('https://fotos.example/reunion-comuna-3.jpg');
    await page.locator('details.entry-new').getByRole('button', { name: 'Guardar el registro' }).click();
    await page.waitForURL(/aviso=registro/);
    expect(await page.locator('.notice').textContent()).toBe('Registro guardado.');
    expect(await page.locator('.manual-entries tbody tr[data-key]').count()).toBe(2);
    expect(await page.locator('.metric-card[data-metric="attendance"] .metric-value').textContent()).toBe('64');
    await charts(page);
    await page.screenshot({ path: path.join(shots, '05-actividad-registro-guardado.png'), fullPage: true });
    // Correcting it: the row's link opens its form.
    await page.locator('.manual-entries a', { hasText: 'Corregir' }).first().click();
    await sectionShot(page, 'registros', '05a-registro-corregir.png');
    // The refused save answered 422, as it should; nothing else went wrong.
    expect(problems.filter((p) => !/status of 422/.test(p))).toEqual([]);
    await page.context().close();
  }, 60_000);

  it('is reached from the plan page and from the navigation', async () => {
    const { page, problems } = await open(`/planes/${f.planId}`);
    await page.getByRole('link', { name: 'Métricas del plan: alcance, interacción y metas' }).click();
    await page.waitForURL(`${base}/planes/${f.planId}/metricas`);
    await expectNavMetricsActive(page);
    await page.goto(`${base}/planes`);
    const nav = page.locator('nav[aria-label="Principal"]');
    await nav.locator('summary', { hasText: 'Resultados' }).click();
    await nav.getByRole('link', { name: 'Métricas' }).click();
    await page.waitForURL(`${base}/planes/${f.planId}/metricas`);
    await expectNavMetricsActive(page);
    expect(problems).toEqual([]);
    await page.context().close();
  }, 60_000);

  it('fits a phone (375 px) without sideways scrolling of the page', async () => {
    const { page, problems } = await open(`/planes/${f.planId}/metricas`, 375);
    await charts(page);
    expect(await overflow(page)).toBeLessThanOrEqual(0);
    await page.screenshot({ path: path.join(shots, '06-plan-375.png'), fullPage: true });
    await page.screenshot({ path: path.join(shots, '06a-plan-375-arriba.png') });
    await sectionShot(page, 'canales', '06b-plan-375-canales.png');
    expect(problems).toEqual([]);
    await page.context().close();
  }, 60_000);
});
