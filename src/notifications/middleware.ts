import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../http/env.js';
import { countWaiting } from './waiting.js';

declare module 'hono' {
  interface ContextVariableMap {
    /** How many things wait for the signed-in person (the header's badge); unset on API calls and for anonymous requests. */
    waitingCount?: number;
  }
}

/** Paths whose answers are not Pregón's own pages: no badge to show. */
const skipped = [/^\/api(\/|$)/, /^\/public\//, /^\/noticias(\/|$)/, /^\/l\//, /^\/healthz$/];

/**
 * Counts what waits for the signed-in person before a page is rendered and leaves it in
 * `c.var.waitingCount` for the layout's badge. Mount after authenticate() and authorize().
 * Form POSTs too: most answer with a redirect, but one refused with a 422 draws its page again,
 * header included. A failed count never breaks the page.
 */
export function waitingCount(): MiddlewareHandler<AppEnv> {
  return async function waitingCount(c, next) {
    const auth = c.var.auth;
    if (auth && ['GET', 'HEAD', 'POST'].includes(c.req.method) && !skipped.some((re) => re.test(c.req.path))) {
      try {
        c.set('waitingCount', await countWaiting(c.var.db, auth, new Date(), c.var.config.timeZone));
      } catch (err) {
        console.error(`[${c.get('requestId') ?? '-'}] No se pudo contar lo pendiente`, err);
      }
    }
    await next();
  };
}
