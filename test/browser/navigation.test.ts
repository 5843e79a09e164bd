import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../src/generated/prisma/client.js';
import { horizontalOverflow, launchChromium, requireChromium, screenshotDir, serveOnLoopback, sessionCookie, watchProblems } from '../support/browser.js';
import { createTestContext, createUserWithToken, importSeedPlan, type TestContext } from '../support/test-db.js';

// The main navigation in Chromium: the office's pages grouped in five menus (Plan, Piezas,
// Diálogo, Resultados, Administración) that open one at a time, close with Escape or a click
// elsewhere, work from the keyboard, fit one line on a laptop and the width of a phone, and show
// each role only what it may use. The real app is served in process over HTTP with real sign-ins.

let t: TestContext;
let served: { base: string; close(): Promise<void> };
let base: string;
let browser: Browser;
let shots: string;
const cookies = new Map<Role, { name: string; value: string }>();

beforeAll(async () => {
  requireChromium();
  shots = screenshotDir('navigation');
  t = await createTestContext();
  await importSeedPlan(t.db);
  served = await serveOnLoopback(t);
  base = served.base;
  const department = await t.db.department.findFirstOrThrow();
  for (const role of ['admin', 'department'] as const) {
    const { user } = await createUserWithToken(t.db, role, role === 'department' ? [department.id] : [], `${role}@alcaldia.gov.co`);
    cookies.set(role, await sessionCookie(base, user.email));
  }
  browser = await launchChromium();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await served?.close();
  await t?.close();
});

async function open(pathname: string, role: Role, width = 1280): Promise<{ page: Page; problems: string[] }> {
  const context = await browser.newContext({ viewport: { width, height: 800 }, locale: 'es-CO' });
  await context.addCookies([{ ...cookies.get(role)!, url: base }]);
  const page = await context.newPage();
  const problems = watchProblems(page);
  expect((await page.goto(`${base}${pathname}`))?.status()).toBe(200);
  return { page, problems };
}

const nav = (page: Page) => page.locator('nav[aria-label="Principal"]');
const menu = (page: Page, label: string) => nav(page).locator('details.nav-menu', { has: page.locator('summary', { hasText: label }) });
const openMenus = (page: Page) => nav(page).locator('details.nav-menu[open] summary').allTextContents();
const visibleLinks = (page: Page) => nav(page).locator('a').evaluateAll((as) => as.filter((a) => (a as unknown as { checkVisibility(): boolean }).checkVisibility()).map((a) => a.textContent));

describe('the main navigation', () => {
  it('fits one line at 1280 px: two links and five menus, all closed', async () => {
    const { page, problems } = await open('/inicio', 'admin');
    expect(await visibleLinks(page)).toEqual(['Inicio', 'Calendario']);
    expect(await nav(page).locator('summary').allTextContents()).toEqual(['Plan', 'Piezas', 'Diálogo', 'Resultados', 'Administración']);
    expect(await openMenus(page)).toEqual([]);
    const tops = await nav(page).locator(':scope > a, :scope > details > summary').evaluateAll((els) => els.map((e) => e.getBoundingClientRect()).map((r) => Math.round(r.top + r.height / 2)));
    expect(new Set(tops).size).toBe(1);
    await page.screenshot({ path: path.join(shots, 'nav-1280.png'), clip: { x: 0, y: 0, width: 1280, height: 260 } });
    expect(problems).toEqual([]);
    await page.context().close();
  });

  it('opens one menu at a time and closes it with a click elsewhere or Escape', async () => {
    const { page, problems } = await open('/inicio', 'admin');
    await menu(page, 'Diálogo').locator('summary').click();
    expect(await openMenus(page)).toEqual(['Diálogo']);
    expect(await visibleLinks(page)).toEqual(['Inicio', 'Calendario', 'Encuestas', 'Audiencia', 'Preguntas']);
    await page.screenshot({ path: path.join(shots, 'nav-dialogo-open.png'), clip: { x: 0, y: 0, width: 1280, height: 260 } });

    // The browser fires `toggle` (where nav.js closes the other menu) as a task after the click.
    await menu(page, 'Resultados').locator('summary').click();
    await expect.poll(() => openMenus(page), { timeout: 5_000 }).toEqual(['Resultados']);

    await page.mouse.click(640, 700);
    expect(await openMenus(page)).toEqual([]);

    await menu(page, 'Plan').locator('summary').click();
    await page.keyboard.press('Escape');
    expect(await openMenus(page)).toEqual([]);
    expect(await page.evaluate('document.activeElement.textContent')).toBe('Plan');
    expect(problems).toEqual([]);
    await page.context().close();
  });

  it('works from the keyboard: Enter opens a menu, Tab reaches its links, and the chosen page marks its menu', async () => {
    const { page, problems } = await open('/inicio', 'admin');
    await menu(page, 'Resultados').locator('summary').focus();
    await page.keyboard.press('Enter');
    expect(await openMenus(page)).toEqual(['Resultados']);
    await page.keyboard.press('Tab');
    expect(await page.evaluate('document.activeElement.textContent')).toBe('Métricas');
    await page.keyboard.press('Tab');
    expect(await page.evaluate('document.activeElement.textContent')).toBe('Informe');
    await Promise.all([page.waitForURL(/\/informe|\/planes\/[^/]+\/informe/), page.keyboard.press('Enter')]);
    expect(await nav(page).locator('summary.current').allTextContents()).toEqual(['Resultados (sección actual)']);
    expect(await nav(page).locator('a[aria-current="page"]').allTextContents()).toEqual(['Informe']);
    expect(problems).toEqual([]);
    await page.context().close();
  });

  it('shows a department only what it may use: no importing the plan, no users, no audit', async () => {
    const { page } = await open('/inicio', 'department');
    const links = await nav(page).locator('a').allTextContents();
    expect(links).toContain('Preguntas');
    expect(links).toContain('Importar piezas');
    for (const hidden of ['Importar plan', 'Usuarios', 'Auditoría']) expect(links).not.toContain(hidden);

    const admin = await open('/inicio', 'admin');
    const all = await nav(admin.page).locator('a').allTextContents();
    for (const shown of ['Importar plan', 'Usuarios', 'Auditoría']) expect(all).toContain(shown);
    await page.context().close();
    await admin.page.context().close();
  });

  it('fits a phone (375 px): an open menu pushes the page down instead of overflowing it', async () => {
    const { page, problems } = await open('/inicio', 'admin', 375);
    expect(await horizontalOverflow(page)).toBe(0);
    const before = await page.locator('main').evaluate((m) => m.getBoundingClientRect().top);
    await menu(page, 'Administración').locator('summary').click();
    expect(await horizontalOverflow(page)).toBe(0);
    const after = await page.locator('main').evaluate((m) => m.getBoundingClientRect().top);
    expect(after).toBeGreaterThan(before);
    await expect(nav(page).getByRole('link', { name: 'Usuarios' }).isVisible()).resolves.toBe(true);
    await page.screenshot({ path: path.join(shots, 'nav-375-open.png') });
    expect(problems).toEqual([]);
    await page.context().close();
  });
});
