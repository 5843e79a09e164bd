import { Hono, type Context } from 'hono';
import { getBrandKit } from '../brand/brand-kit.js';
import type { AppEnv } from '../http/env.js';
import { todayIn } from '../lib/dates.js';
import { NewsMessagePage } from '../website/news-pages.js';
import { newsSite } from '../website/site.js';
import { isCountedVisit } from './page-views.js';
import { codePattern, countClick } from './short-links.js';

/**
 * Pregón's short links, public (no sign-in): `/l/:code` answers 302 to the link with its UTM
 * and counts the click of the day in the office's zone. Nothing about the visitor is stored
 * or logged; robots (link previews) and HEAD requests are redirected but not counted.
 * Mounted at the root of the app; declared public in src/auth/policy.ts (`GET /l/:code`).
 */
export const linkRoutes = new Hono<AppEnv>();

linkRoutes.get('/l/:code', async (c) => {
  // Every answer is for this request only: a cache must not keep the redirect (the next
  // click would not reach Pregón) nor the 404 (the code may be made later... or never).
  c.header('Cache-Control', 'no-store');
  // The destination learns nothing of the page the person came from, and never the short link.
  c.header('X-Robots-Tag', 'noindex');
  const code = c.req.param('code').toLowerCase();
  const link = codePattern.test(code) ? await c.var.db.shortLink.findUnique({ where: { code }, select: { id: true, destination: true } }) : null;
  if (!link) return unknownLink(c);
  if (isCountedVisit(c.req.raw)) {
    try {
      await countClick(c.var.db, link.id, todayIn(c.var.config.timeZone));
    } catch (err) {
      // A lost click is better than a broken link. Only the request id: nothing about the visitor.
      console.error(`[${c.get('requestId') ?? '-'}] No se pudo contar un clic de enlace corto`, err);
    }
  }
  return c.redirect(link.destination, 302);
});

async function unknownLink(c: Context<AppEnv>) {
  const site = newsSite(c, await getBrandKit(c.var.db));
  const page = await NewsMessagePage({ site, title: 'Enlace no encontrado', message: 'Este enlace no existe o fue retirado.' });
  // hono/jsx writes no doctype; without it browsers fall back to quirks mode.
  return c.html(`<!doctype html>${page}`, 404);
}
