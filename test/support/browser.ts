import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { serve } from '@hono/node-server';
import { chromium, type Browser, type Page } from 'playwright-core';
import { projectRoot } from '../../src/config.js';
import type { TestContext } from './test-db.js';

/** Debian's Chromium (driven by playwright-core), or the one PREGON_CHROMIUM names. */
export const CHROMIUM = process.env.PREGON_CHROMIUM ?? '/usr/bin/chromium';

/** Fails at once, in Spanish and saying how to fix it, when there is no Chromium to drive. */
export function requireChromium(): string {
  if (!fs.existsSync(CHROMIUM)) {
    throw new Error(`No está Chromium en ${CHROMIUM}: instálelo (apt-get install -y chromium, como hace .ci/run) o indique su ruta en PREGON_CHROMIUM.`);
  }
  return CHROMIUM;
}

/** Chromium headless, without its own sandbox (containers) and without anything that calls home. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: requireChromium(),
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/** test-results/<name>/, emptied: where a browser test leaves its screenshots. */
export function screenshotDir(name: string): string {
  const dir = path.join(projectRoot, 'test-results', name);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}

/** How far the page scrolls sideways (0: it fits). Runs in the page (the test project has no DOM types). */
export const horizontalOverflow = (page: Page) => page.evaluate('document.documentElement.scrollWidth - document.documentElement.clientWidth') as Promise<number>;

/** The app of a test context served over HTTP on 127.0.0.1 (a free port), for a browser to open. */
export function serveOnLoopback(t: TestContext): Promise<{ base: string; close(): Promise<void> }> {
  return new Promise((resolve) => {
    const server = serve({ fetch: t.anon.fetch, port: 0, hostname: '127.0.0.1' }, (info: AddressInfo) => {
      resolve({ base: `http://127.0.0.1:${info.port}`, close: () => new Promise<void>((done) => server.close(() => done())) });
    });
  });
}

/**
 * The session cookie of a real sign-in over HTTP at `base` (password «contraseña-de-prueba», as
 * createUserWithToken sets), as a browser context takes it.
 */
export async function sessionCookie(base: string, email: string): Promise<{ name: string; value: string }> {
  const res = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password: 'contraseña-de-prueba' }) });
  if (res.status !== 200) throw new Error(`login ${email}: ${res.status} ${await res.text()}`);
  const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0]!;
  const eq = cookie.indexOf('=');
  return { name: cookie.slice(0, eq), value: cookie.slice(eq + 1) };
}

/** Collects what went wrong in a page: uncaught script errors and console errors (CSP refusals among them). */
export function watchProblems(page: Page): string[] {
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(m.text());
  });
  return problems;
}
