import type { Context } from 'hono';

/**
 * The client's address: the socket's, or the first X-Forwarded-For hop when Pregón runs
 * behind a proxy the office controls (PREGON_TRUST_PROXY=true). Never trusted otherwise,
 * since anyone can send the header.
 */
export function clientIp(c: Context, trustProxy: boolean): string | null {
  if (trustProxy) {
    const forwarded = c.req.header('x-forwarded-for')?.split(',')[0]?.trim();
    if (forwarded) return forwarded;
  }
  const incoming = (c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined)?.incoming;
  return incoming?.socket?.remoteAddress ?? null;
}
