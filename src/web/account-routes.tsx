import { Hono, type Context } from 'hono';
import { issueApiToken, logout, revokeApiToken } from '../auth/account.js';
import { clearSessionCookie, setSessionCookie } from '../auth/cookie.js';
import { toApiTokenView } from '../auth/api-tokens.js';
import { login } from '../auth/login.js';
import { AppError } from '../errors.js';
import type { AppEnv } from '../http/env.js';
import { toAppError } from '../http/errors.js';
import { changePassword } from '../users/users.js';
import { LoginPage, ProfilePage } from './account-pages.js';
import { renderPage } from './page.js';

/** Sign-in, sign-out and one's own profile. */
export const accountRoutes = new Hono<AppEnv>();

/** Only a path on this site: never `//host` or a full URL (an open redirect). */
export function safeNext(value: unknown): string {
  return typeof value === 'string' && value.startsWith('/') && !value.startsWith('//') && !value.startsWith('/\\') ? value : '/';
}

function signedIn(c: Context<AppEnv>) {
  const auth = c.var.auth;
  if (!auth) throw new AppError('unauthenticated', 'Inicie sesión para continuar.');
  return auth;
}

accountRoutes.get('/ingresar', (c) => (c.var.auth ? c.redirect('/') : renderPage(c, <LoginPage next={safeNext(c.req.query('volver'))} />)));

accountRoutes.post('/ingresar', async (c) => {
  const form = await c.req.parseBody();
  const email = String(form['email'] ?? '');
  const next = safeNext(form['volver']);
  try {
    const { token } = await login({ db: c.var.db, email, password: String(form['password'] ?? ''), ip: c.var.actor.ip, userAgent: c.req.header('user-agent') ?? null, ttlMs: c.var.config.sessionTtlMs });
    setSessionCookie(c, token);
    return c.redirect(next, 303);
  } catch (err) {
    const e = toAppError(err);
    return renderPage(c, <LoginPage error={e.message} email={email} next={next} />, e.status === 429 ? 429 : 401);
  }
});

accountRoutes.post('/salir', async (c) => {
  await logout({ db: c.var.db, actor: c.var.actor, auth: signedIn(c) });
  clearSessionCookie(c);
  return c.redirect('/ingresar', 303);
});

async function profile(c: Context<AppEnv>, extra: { error?: string; notice?: string; newToken?: string } = {}, status: 200 | 422 = 200) {
  const auth = signedIn(c);
  const tokens = await c.var.db.apiToken.findMany({ where: { userId: auth.user.id }, orderBy: { createdAt: 'desc' } });
  return renderPage(c, <ProfilePage tokens={tokens.map(toApiTokenView)} timeZone={c.var.config.timeZone} {...extra} />, status);
}

accountRoutes.get('/perfil', (c) => profile(c));

accountRoutes.post('/perfil/contrasena', async (c) => {
  const auth = signedIn(c);
  const form = await c.req.parseBody();
  const next = String(form['newPassword'] ?? '');
  try {
    if (next.length < 10) throw new AppError('unprocessable', 'La nueva contraseña debe tener al menos 10 caracteres.');
    await changePassword({ db: c.var.db, actor: c.var.actor, userId: auth.user.id, sessionId: auth.via === 'session' ? auth.sessionId : null, current: String(form['currentPassword'] ?? ''), next });
    return profile(c, { notice: 'Contraseña cambiada. Se cerraron sus otras sesiones.' });
  } catch (err) {
    return profile(c, { error: toAppError(err).message }, 422);
  }
});

accountRoutes.post('/perfil/tokens', async (c) => {
  const name = String((await c.req.parseBody())['name'] ?? '').trim();
  if (name.length < 2 || name.length > 100) return profile(c, { error: 'El nombre del token debe tener entre 2 y 100 caracteres.' }, 422);
  const created = await issueApiToken({ db: c.var.db, actor: c.var.actor, userId: signedIn(c).user.id, name });
  return profile(c, { newToken: created.token });
});

accountRoutes.post('/perfil/tokens/:id/revocar', async (c) => {
  await revokeApiToken({ db: c.var.db, actor: c.var.actor, auth: signedIn(c), id: c.req.param('id') });
  return c.redirect('/perfil', 303);
});
