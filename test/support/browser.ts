import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { projectRoot } from '../../src/config.js';

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
