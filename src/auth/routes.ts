import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { AppError } from '../errors.js';
import type { AppEnv } from '../http/env.js';
import { createRouter } from '../http/router.js';
import { errorResponses, IdParam, json } from '../http/schemas.js';
import { changePassword } from '../users/users.js';
import { issueApiToken, logout, revokeApiToken } from './account.js';
import { toApiTokenView } from './api-tokens.js';
import type { Auth } from './authenticate.js';
import { clearSessionCookie, setSessionCookie } from './cookie.js';
import { passwordRules } from './crypto.js';
import { login } from './login.js';

export const authRoutes = createRouter();
const tags = ['Sesión y cuenta'];

const SessionUser = z.object({ id: z.string(), email: z.string(), name: z.string(), role: z.string(), departmentIds: z.array(z.string()) }).openapi('SessionUser');
const SessionInfo = z.object({ user: SessionUser, via: z.enum(['session', 'token']), csrfToken: z.string().nullable() }).openapi('SessionInfo');
const Password = z.string().min(passwordRules.min).max(passwordRules.max);
const ApiTokenSchema = z.object({ id: z.string(), name: z.string(), prefix: z.string(), createdAt: z.string(), lastUsedAt: z.string().nullable(), revokedAt: z.string().nullable() }).openapi('ApiToken');

/** The signed-in person; the policy already refused anonymous calls to these routes. */
export function requireAuth(c: Context<AppEnv>): Auth {
  const auth = c.var.auth;
  if (!auth) throw new AppError('unauthenticated', 'Inicie sesión para continuar.');
  return auth;
}

const sessionInfo = (auth: Auth) => ({ user: auth.user, via: auth.via, csrfToken: auth.via === 'session' ? auth.csrfToken : null });

authRoutes.openapi(
  createRoute({
    method: 'post',
    path: '/auth/login',
    tags,
    summary: 'Inicia sesión con correo y contraseña (cookie de sesión)',
    request: { body: { content: { 'application/json': { schema: z.object({ email: z.string().email(), password: z.string().min(1).max(passwordRules.max) }).openapi('Login') } }, required: true } },
    responses: { 200: json(SessionInfo, 'Sesión iniciada'), 400: errorResponses[400], 401: errorResponses[400], 429: errorResponses[400] },
  }),
  async (c) => {
    const { email, password } = c.req.valid('json');
    const { token, session, user } = await login({ db: c.var.db, email, password, ip: c.var.actor.ip, userAgent: c.req.header('user-agent') ?? null, ttlMs: c.var.config.sessionTtlMs });
    setSessionCookie(c, token);
    const departments = await c.var.db.userDepartment.findMany({ where: { userId: user.id }, select: { departmentId: true } });
    const authUser = { id: user.id, email: user.email, name: user.name, role: user.role, departmentIds: departments.map((d) => d.departmentId) };
    return c.json({ user: authUser, via: 'session' as const, csrfToken: session.csrfToken }, 200);
  },
);

authRoutes.openapi(
  createRoute({ method: 'post', path: '/auth/logout', tags, summary: 'Cierra la sesión actual', responses: { 204: { description: 'Sesión cerrada' }, 401: errorResponses[400] } }),
  async (c) => {
    await logout({ db: c.var.db, actor: c.var.actor, auth: requireAuth(c) });
    clearSessionCookie(c);
    return c.body(null, 204);
  },
);

authRoutes.openapi(
  createRoute({ method: 'get', path: '/auth/session', tags, summary: 'Quién está conectado y su token CSRF', responses: { 200: json(SessionInfo, 'Sesión'), 401: errorResponses[400] } }),
  async (c) => c.json(sessionInfo(requireAuth(c)), 200),
);

authRoutes.openapi(
  createRoute({ method: 'get', path: '/me', tags, summary: 'Mi perfil', responses: { 200: json(SessionUser, 'Perfil'), 401: errorResponses[400] } }),
  async (c) => c.json(requireAuth(c).user, 200),
);

authRoutes.openapi(
  createRoute({
    method: 'post',
    path: '/me/password',
    tags,
    summary: 'Cambia mi contraseña (cierra mis otras sesiones)',
    request: { body: { content: { 'application/json': { schema: z.object({ currentPassword: z.string().min(1), newPassword: Password }).strict() } }, required: true } },
    responses: { 204: { description: 'Contraseña cambiada' }, 400: errorResponses[400], 422: errorResponses[400] },
  }),
  async (c) => {
    const auth = requireAuth(c);
    const { currentPassword, newPassword } = c.req.valid('json');
    await changePassword({ db: c.var.db, actor: c.var.actor, userId: auth.user.id, sessionId: auth.via === 'session' ? auth.sessionId : null, current: currentPassword, next: newPassword });
    return c.body(null, 204);
  },
);

authRoutes.openapi(
  createRoute({ method: 'get', path: '/tokens', tags, summary: 'Mis tokens de acceso', responses: { 200: json(z.array(ApiTokenSchema), 'Tokens') } }),
  async (c) => {
    const rows = await c.var.db.apiToken.findMany({ where: { userId: requireAuth(c).user.id }, orderBy: { createdAt: 'desc' } });
    return c.json(rows.map(toApiTokenView), 200);
  },
);

authRoutes.openapi(
  createRoute({
    method: 'post',
    path: '/tokens',
    tags,
    summary: 'Crea un token de acceso (se muestra una sola vez; tiene los permisos de su rol)',
    request: { body: { content: { 'application/json': { schema: z.object({ name: z.string().trim().min(2).max(100) }).strict() } }, required: true } },
    responses: { 201: json(ApiTokenSchema.extend({ token: z.string() }), 'Token creado'), 400: errorResponses[400] },
  }),
  async (c) => {
    const created = await issueApiToken({ db: c.var.db, actor: c.var.actor, userId: requireAuth(c).user.id, name: c.req.valid('json').name });
    return c.json(created, 201);
  },
);

authRoutes.openapi(
  createRoute({ method: 'delete', path: '/tokens/{id}', tags, summary: 'Revoca un token propio (o cualquiera, si es administrador)', request: { params: IdParam }, responses: { 204: { description: 'Revocado' }, ...errorResponses } }),
  async (c) => {
    await revokeApiToken({ db: c.var.db, actor: c.var.actor, auth: requireAuth(c), id: c.req.valid('param').id });
    return c.body(null, 204);
  },
);
