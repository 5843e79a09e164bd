import type { Permission } from './permissions.js';
import { activityFromParam, manualEntryFromParam, pieceFromBody, pieceFromParam, type ScopeResolver } from './scopes.js';

export type Rule =
  | { access: 'public' }
  | { access: 'signedIn' }
  /** Any one of the permissions lets the caller in; department users must also answer for the scope. */
  | { access: 'permission'; permission: Permission | Permission[]; scope?: ScopeResolver };

const pub: Rule = { access: 'public' };
const signedIn: Rule = { access: 'signedIn' };
const need = (permission: Permission | Permission[], scope?: ScopeResolver): Rule => ({ access: 'permission', permission, scope });

/**
 * Who may call each route: `METHOD path` exactly as registered in Hono. A route missing
 * here is refused to everybody (authorize.ts), and test/integration/route-policy.test.ts
 * fails until it is added, so no route is ever open by accident.
 */
export const policy: Record<string, Rule> = {
  // Open to everyone.
  'GET /healthz': pub,
  'ALL /public/*': pub,
  'GET /api/openapi.json': pub,
  'GET /api/docs': pub,
  'POST /api/auth/login': pub,
  'GET /ingresar': pub,
  'POST /ingresar': pub,
  // The municipal website's news (the website channel): public pages and feeds.
  'GET /noticias': pub,
  'GET /noticias/rss.xml': pub,
  'GET /noticias/atom.xml': pub,
  'GET /noticias/marca.css': pub,
  'GET /noticias/imagenes/:mediaId': pub,
  'GET /noticias/:slug': pub,
  // Pregón's short links: a citizen clicking a link in a post.
  'GET /l/:code': pub,

  // Any signed-in person.
  'GET /': signedIn,
  'GET /inicio': need('plan:read'),
  'GET /pendientes': need('plan:read'),
  'GET /calendario': need('plan:read'),
  'GET /api/auth/session': signedIn,
  'POST /api/auth/logout': signedIn,
  'POST /salir': signedIn,

  // Own profile, password and tokens.
  'GET /api/me': need('tokens:own'),
  'POST /api/me/password': need('tokens:own'),
  'GET /api/tokens': need('tokens:own'),
  'POST /api/tokens': need('tokens:own'),
  'DELETE /api/tokens/:id': need('tokens:own'),
  'GET /perfil': need('tokens:own'),
  'POST /perfil/contrasena': need('tokens:own'),
  'POST /perfil/tokens': need('tokens:own'),
  'POST /perfil/tokens/:id/revocar': need('tokens:own'),

  // Users and the audit trail.
  'GET /api/users': need('users:manage'),
  'POST /api/users': need('users:manage'),
  'PATCH /api/users/:id': need('users:manage'),
  'GET /usuarios': need('users:manage'),
  'POST /usuarios': need('users:manage'),
  'POST /usuarios/:id': need('users:manage'),
  'GET /api/audit': need('audit:read'),
  'GET /auditoria': need('audit:read'),
  'GET /auditoria.csv': need('audit:read'),

  // The plan.
  'GET /api/plans': need('plan:read'),
  'GET /api/plans/:id': need('plan:read'),
  'POST /api/plans/import': need('plan:write'),
  'PATCH /api/plans/:id': need('plan:write'),
  'GET /api/activities/:id': need('plan:read'),
  'PATCH /api/activities/:id': need('activity:update', activityFromParam),
  'GET /api/departments': need('plan:read'),
  'POST /api/departments': need('plan:write'),
  'GET /api/plans/:id/events': need('plan:read'),
  'POST /api/events': need('plan:write'),
  'GET /api/events/:id': need('plan:read'),
  'PATCH /api/events/:id': need('plan:write'),
  'DELETE /api/events/:id': need('plan:write'),
  'GET /planes': need('plan:read'),
  'GET /planes/importar': need('plan:write'),
  'POST /planes/importar': need('plan:write'),
  'GET /planes/:id': need('plan:read'),
  'GET /actividades/:id': need('plan:read'),
  'POST /actividades/:id': need('activity:update', activityFromParam),
  // Metrics: anyone who reads the plan sees them; recording offline figures and targets is activity follow-up.
  'GET /metricas': need('plan:read'),
  'GET /planes/:id/metricas': need('plan:read'),
  'GET /piezas/:id/metricas': need('plan:read'),
  'GET /actividades/:id/metricas': need('plan:read'),
  'POST /actividades/:id/metricas/meta': need('activity:update', activityFromParam),
  'POST /actividades/:id/metricas/registros': need('activity:update', activityFromParam),
  'POST /actividades/:id/metricas/registros/:entryId': need('activity:update', activityFromParam),
  'POST /actividades/:id/metricas/registros/:entryId/eliminar': need('activity:update', activityFromParam),
  'GET /api/plans/:id/metrics': need('plan:read'),
  'GET /api/plans/:id/metrics.csv': need('plan:read'),
  'GET /api/plans/:id/best-times': need('plan:read'),
  'GET /api/pieces/:id/metrics': need('plan:read'),
  'GET /api/pieces/:id/metrics.csv': need('plan:read'),
  'GET /api/activities/:id/metrics': need('plan:read'),
  'GET /api/activities/:id/metrics.csv': need('plan:read'),
  'GET /api/activities/:id/manual-metrics': need('plan:read'),
  'POST /api/activities/:id/manual-metrics': need('activity:update', activityFromParam),
  'PATCH /api/manual-metrics/:id': need('activity:update', manualEntryFromParam),
  'DELETE /api/manual-metrics/:id': need('activity:update', manualEntryFromParam),
  'POST /actividades/:id/piezas': need('piece:write', activityFromParam),
  'GET /departamentos': need('plan:read'),

  // Pieces.
  'GET /api/pieces': need('plan:read'),
  'POST /api/pieces': need('piece:write', pieceFromBody),
  'GET /api/pieces/:id': need('plan:read'),
  'PATCH /api/pieces/:id': need('piece:write', pieceFromParam),
  'DELETE /api/pieces/:id': need('piece:write', pieceFromParam),
  'POST /api/pieces/:id/transitions': need('piece:write', pieceFromParam),
  'POST /api/pieces/:id/review': need(['piece:review', 'piece:check'], pieceFromParam),

  // Templates, renders, media and the brand kit.
  'GET /api/templates': need('plan:read'),
  'GET /api/formats': need('plan:read'),
  'GET /api/templates/:id/sample': need('plan:read'),
  'POST /api/render': need('piece:write'),
  'POST /api/render/preview': need('piece:write'),
  'POST /api/pieces/:id/render-all': need('piece:write', pieceFromParam),
  'GET /api/media': need('plan:read'),
  'POST /api/media': need('piece:write'),
  'GET /api/media/:id': need('plan:read'),
  'GET /api/media/:id/file': need('plan:read'),
  'PATCH /api/media/:id': need('piece:write'),
  'GET /api/brand': need('plan:read'),
  'PUT /api/brand': need('brand:write'),
  'GET /plantillas': need('plan:read'),
  'GET /plantillas/:id': need('plan:read'),
  'GET /marca': need('plan:read'),
  'POST /marca': need('brand:write'),
  'GET /medios': need('plan:read'),
  'POST /medios': need('piece:write'),
  'POST /medios/:id': need('piece:write'),

  // Channel accounts: anyone who reads the plan sees them (no tokens); only admins connect.
  'GET /api/channels/accounts': need('plan:read'),
  'POST /api/channels/accounts': need('channels:manage'),
  'DELETE /api/channels/accounts/:id': need('channels:manage'),
  'POST /api/channels/check': need('plan:read'),
  'POST /api/pieces/import/preview': need('piece:write'),
  'POST /api/pieces/import': need('piece:write'),
  'GET /api/pieces/export': need('plan:read'),
  'GET /piezas/importar': need('piece:write'),
  'GET /piezas/importar/ejemplo.csv': need('piece:write'),
  'POST /piezas/importar/vista-previa': need('piece:write'),
  'POST /piezas/importar': need('piece:write'),
  'GET /piezas/exportar': need('plan:read'),
  'GET /piezas/:id': need('plan:read'),
  'GET /piezas/:id/plantilla': need('plan:read'),
  'POST /piezas/:id/variantes': need('piece:write', pieceFromParam),
  'POST /piezas/:id/estado': need('piece:write', pieceFromParam),
  'POST /piezas/:id/revision': need(['piece:review', 'piece:check'], pieceFromParam),
  'POST /piezas/:id/publicar': need('piece:publish'),
  'GET /canales': need('plan:read'),
  'GET /canales/conectar/:network': need('channels:manage'),
  'GET /canales/oauth/:network': need('channels:manage'),
  'POST /canales/tokens': need('channels:manage'),
  'POST /canales/:id/desactivar': need('channels:manage'),
  'POST /canales/publicacion': need('piece:publish'),
  'POST /canales/:id/pausar': need('piece:publish'),
  'POST /canales/:id/reanudar': need('piece:publish'),
  'POST /canales/vedas': need('plan:write'),
  'POST /canales/vedas/:id/eliminar': need('plan:write'),
  'POST /publicaciones/:id/confirmar': need('piece:publish'),
  'POST /api/pieces/:id/publish': need('piece:publish'),
  'GET /api/pieces/:id/publications': need('plan:read'),
  'GET /api/publishing': need('plan:read'),
  'PUT /api/publishing': need('piece:publish'),
  'POST /api/channels/accounts/:id/pause': need('piece:publish'),
  'POST /api/channels/accounts/:id/resume': need('piece:publish'),
  'GET /api/plans/:id/blackouts': need('plan:read'),
  'POST /api/plans/:id/blackouts': need('plan:write'),
  'DELETE /api/blackouts/:id': need('plan:write'),
  'POST /api/publications/:id/resolve': need('piece:publish'),
  'DELETE /api/publications/:id': need('piece:publish'),
  'POST /publicaciones/:id/retirar': need('piece:publish'),
};
