import { timingSafeEqual } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';
import { matchedRoutes } from 'hono/route';
import { AppError } from '../errors.js';
import type { AppEnv } from '../http/env.js';
import type { Auth } from './authenticate.js';
import { can, departmentScopedRoles } from './permissions.js';
import { policy, type Rule } from './policy.js';

const unsafeMethods = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * The route that will answer, as `METHOD path` the way policy.ts names it, with its path
 * parameters; null for a 404.
 * Hono runs every matching handler in order until one answers; handlers registered for a
 * method answer, while `use()` middleware (method ALL) passes on. So the answering route
 * is the first matched one with a method of its own after this middleware, and a bare
 * `use()` route (static files) only when there is none.
 */
export function answeringRoute(c: Context): { key: string; params: Record<string, string> } | null {
  const routes = matchedRoutes(c).slice((c.req.routeIndex ?? 0) + 1);
  const handler = routes.find((r) => r.method !== 'ALL');
  const answering = handler ?? routes.filter((r) => r.path !== '*' && r.path !== '/*').at(-1);
  if (!answering) return null;
  return { key: `${answering.method} ${answering.path}`, params: paramsOf(answering.path, c.req.path) };
}

/** `:name` segments of a route path read from the request path (c.req.param() here gives this middleware's). */
function paramsOf(routePath: string, path: string): Record<string, string> {
  const pattern = routePath.split('/');
  const actual = path.split('/');
  const params: Record<string, string> = {};
  pattern.forEach((segment, i) => {
    if (segment.startsWith(':') && actual[i] !== undefined) params[segment.slice(1)] = decodeURIComponent(actual[i]!);
  });
  return params;
}

/**
 * The one place where access is decided, for every route, from the table in policy.ts:
 * who is signed in, which permission the route needs, whether a department user answers
 * for the activity it touches, and the CSRF token of a cookie-authenticated change.
 */
export function authorize(rules: Record<string, Rule> = policy): MiddlewareHandler<AppEnv> {
  return async function authorize(c, next) {
    const route = answeringRoute(c);
    if (route === null) return next(); // no such route: the 404 handler answers
    const rule = rules[route.key];
    if (!rule) throw new AppError('forbidden', 'Esta ruta no tiene una regla de acceso definida.');
    if (rule.access === 'public') return next();

    const auth = c.var.auth;
    if (!auth) throw new AppError('unauthenticated', 'Inicie sesión para continuar.');
    await checkCsrf(c, auth);
    if (rule.access === 'signedIn') return next();

    const permissions = Array.isArray(rule.permission) ? rule.permission : [rule.permission];
    if (!permissions.some((p) => can(auth.user.role, p))) {
      throw new AppError('forbidden', 'Su rol no tiene permiso para esta acción.', { details: { permission: rule.permission } });
    }
    if (rule.scope && departmentScopedRoles.includes(auth.user.role)) {
      const activityIds = await rule.scope(c, route.params);
      if (activityIds !== 'missing' && !(await answersFor(c, auth, activityIds))) {
        throw new AppError('forbidden', 'Solo puede modificar actividades y piezas de su propia dependencia.');
      }
    }
    return next();
  };
}

async function answersFor(c: Context<AppEnv>, auth: Auth, activityIds: (string | null)[]): Promise<boolean> {
  for (const id of activityIds) {
    if (id === null) return false;
    const activity = await c.var.db.activity.findUnique({
      where: { id },
      select: { allDepartments: true, departments: { select: { departmentId: true } } },
    });
    if (!activity) continue; // an unknown target activity is the handler's 422
    const own = activity.allDepartments || activity.departments.some((d) => auth.user.departmentIds.includes(d.departmentId));
    if (!own) return false;
  }
  return true;
}

/**
 * A change made with the session cookie must carry the session's CSRF token, in the
 * `X-CSRF-Token` header (scripts) or the `_csrf` form field (pages). API tokens are not
 * sent by browsers on their own, so they need none.
 */
async function checkCsrf(c: Context<AppEnv>, auth: Auth) {
  if (auth.via !== 'session' || !unsafeMethods.has(c.req.method)) return;
  let sent = c.req.header('x-csrf-token');
  if (!sent) {
    const type = c.req.header('content-type') ?? '';
    if (type.startsWith('application/x-www-form-urlencoded') || type.startsWith('multipart/form-data')) {
      const field = (await c.req.parseBody())['_csrf'];
      sent = typeof field === 'string' ? field : undefined;
    }
  }
  if (!sent || !sameSecret(sent, auth.csrfToken)) {
    throw new AppError('csrf', 'La solicitud no trae un token CSRF válido. Recargue la página e inténtelo de nuevo.');
  }
}

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
