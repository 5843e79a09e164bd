import type { MiddlewareHandler } from 'hono';
import { deleteCookie, getCookie } from 'hono/cookie';
import type { Role } from '../generated/prisma/client.js';
import { AppError } from '../errors.js';
import type { AppEnv } from '../http/env.js';
import { findApiToken } from './api-tokens.js';
import { clientIp } from './client-ip.js';
import { findSession, SESSION_COOKIE } from './sessions.js';

export type AuthUser = { id: string; email: string; name: string; role: Role; departmentIds: string[] };
export type Auth =
  | { via: 'session'; user: AuthUser; sessionId: string; csrfToken: string }
  | { via: 'token'; user: AuthUser; tokenId: string };

function toAuthUser(u: { id: string; email: string; name: string; role: Role; departments: { departmentId: string }[] }): AuthUser {
  return { id: u.id, email: u.email, name: u.name, role: u.role, departmentIds: u.departments.map((d) => d.departmentId) };
}

/**
 * Finds who is calling: an `Authorization: Bearer` API token first, else the session
 * cookie. A bad token is refused at once (a script should fail loudly); a stale cookie
 * is cleared and the request goes on as anonymous, for the policy to decide.
 */
export function authenticate(): MiddlewareHandler<AppEnv> {
  return async function authenticate(c, next) {
    const { db, config } = c.var;
    const ip = clientIp(c, config.trustProxy);
    let auth: Auth | null = null;
    const header = c.req.header('authorization');
    if (header !== undefined) {
      const match = /^Bearer\s+(\S+)$/i.exec(header);
      const row = match ? await findApiToken(db, match[1]!) : null;
      if (!row) throw new AppError('unauthenticated', 'El token de acceso no es válido, fue revocado o su usuario está desactivado.');
      auth = { via: 'token', user: toAuthUser(row.user), tokenId: row.id };
    } else {
      const cookie = getCookie(c, SESSION_COOKIE);
      if (cookie) {
        const session = await findSession(db, cookie, config.sessionTtlMs);
        if (session) auth = { via: 'session', user: toAuthUser(session.user), sessionId: session.id, csrfToken: session.csrfToken };
        else deleteCookie(c, SESSION_COOKIE, { path: '/' });
      }
    }
    c.set('auth', auth);
    c.set('actor', auth ? { userId: auth.user.id, label: auth.user.email, ip } : { userId: null, label: 'anónimo', ip });
    await next();
  };
}
