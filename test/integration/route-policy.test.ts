import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../src/generated/prisma/client.js';
import { policy } from '../../src/auth/policy.js';
import { createTestContext, createUserWithToken, importSeedPlan, withToken, type Client, type TestContext } from '../support/test-db.js';

// The role matrix of the accounts issue, written out by hand: who may call each route.
// It is the specification the policy table (src/auth/policy.ts) must implement.
const everyone = 'public';
const signedIn: Role[] = ['admin', 'communications', 'approver', 'department', 'viewer'];
const readers = signedIn;
const planWriters: Role[] = ['admin', 'communications', 'approver'];
const followUp: Role[] = ['admin', 'communications', 'approver', 'department'];
const reviewers: Role[] = ['admin', 'approver'];
const auditors: Role[] = ['admin', 'communications', 'approver', 'viewer'];
const admins: Role[] = ['admin'];
const publishers: Role[] = ['admin', 'communications', 'approver'];

const expected: Record<string, Role[] | typeof everyone> = {
  'GET /healthz': everyone,
  'ALL /public/*': everyone,
  'GET /api/openapi.json': everyone,
  'GET /api/docs': everyone,
  'POST /api/auth/login': everyone,
  'GET /ingresar': everyone,
  'POST /ingresar': everyone,
  'GET /noticias': everyone,
  'GET /noticias/rss.xml': everyone,
  'GET /noticias/atom.xml': everyone,
  'GET /noticias/marca.css': everyone,
  'GET /noticias/imagenes/:mediaId': everyone,
  'GET /noticias/:slug': everyone,
  'GET /l/:code': everyone,
  'GET /': signedIn,
  'GET /inicio': readers,
  'GET /pendientes': readers,
  'GET /calendario': readers,
  'GET /api/auth/session': signedIn,
  'POST /api/auth/logout': signedIn,
  'POST /salir': signedIn,
  'GET /api/me': signedIn,
  'POST /api/me/password': signedIn,
  'GET /api/tokens': signedIn,
  'POST /api/tokens': signedIn,
  'DELETE /api/tokens/:id': signedIn,
  'GET /perfil': signedIn,
  'POST /perfil/contrasena': signedIn,
  'POST /perfil/tokens': signedIn,
  'POST /perfil/tokens/:id/revocar': signedIn,
  'GET /api/users': admins,
  'POST /api/users': admins,
  'PATCH /api/users/:id': admins,
  'GET /usuarios': admins,
  'POST /usuarios': admins,
  'POST /usuarios/:id': admins,
  'GET /api/audit': auditors,
  'GET /auditoria': auditors,
  'GET /auditoria.csv': auditors,
  'GET /api/plans': readers,
  'GET /api/plans/:id': readers,
  'POST /api/plans/import': planWriters,
  'PATCH /api/plans/:id': planWriters,
  'GET /api/activities/:id': readers,
  'PATCH /api/activities/:id': followUp,
  'GET /api/departments': readers,
  'POST /api/departments': planWriters,
  'GET /api/plans/:id/events': readers,
  'POST /api/events': planWriters,
  'GET /api/events/:id': readers,
  'PATCH /api/events/:id': planWriters,
  'DELETE /api/events/:id': planWriters,
  'GET /planes': readers,
  'GET /planes/importar': planWriters,
  'POST /planes/importar': planWriters,
  'GET /planes/:id': readers,
  'GET /actividades/:id': readers,
  'POST /actividades/:id': followUp,
  'GET /audiencia': readers,
  'POST /audiencia': planWriters,
  'POST /audiencia/:id/transmision': planWriters,
  'POST /audiencia/:id/invitacion': planWriters,
  'GET /audiencia/:id/invitacion.png': readers,
  'POST /audiencia/:id/anuncios': planWriters,
  'POST /audiencia/:id/anuncios/mover': planWriters,
  'GET /planes/:id/cronograma': readers,
  'POST /planes/:id/cronograma/desfases': planWriters,
  'GET /planes/:id/cronograma/calcular': readers,
  'POST /planes/:id/cronograma/calcular': planWriters,
  'GET /api/plans/:id/hearing': readers,
  'PUT /api/plans/:id/hearing': planWriters,
  'POST /api/events/:id/live-piece': planWriters,
  'GET /api/events/:id/invitation.png': readers,
  'POST /api/events/:id/invitation-piece': planWriters,
  'GET /api/events/:id/announcements': readers,
  'POST /api/events/:id/announcements': planWriters,
  'POST /api/events/:id/announcements/move': planWriters,
  'PUT /api/plans/:id/hearing-offsets': planWriters,
  'GET /api/plans/:id/hearing-dates': readers,
  'POST /api/plans/:id/hearing-dates': planWriters,
  'GET /participa/encuestas/:slug': everyone,
  'POST /participa/encuestas/:slug': everyone,
  'GET /encuestas': readers,
  'POST /encuestas': planWriters,
  'GET /encuestas/:id': readers,
  'POST /encuestas/:id': planWriters,
  'POST /encuestas/:id/preguntas': planWriters,
  'POST /encuestas/:id/preguntas/:questionId': planWriters,
  'POST /encuestas/:id/preguntas/:questionId/mover': planWriters,
  'POST /encuestas/:id/preguntas/:questionId/eliminar': planWriters,
  'POST /encuestas/:id/publicar': planWriters,
  'POST /encuestas/:id/despublicar': planWriters,
  'POST /encuestas/:id/duplicar': planWriters,
  'POST /encuestas/:id/eliminar': planWriters,
  'POST /encuestas/:id/anuncio': followUp,
  'GET /encuestas/:id/resultados': readers,
  'GET /encuestas/:id/resultados.json': readers,
  'GET /encuestas/:id/resultados.csv': readers,
  'GET /encuestas/:id/respuestas.csv': readers,
  'GET /encuestas/:id/sistematizacion': readers,
  'GET /encuestas/:id/sistematizacion.csv': readers,
  'GET /api/plans/:id/surveys': readers,
  'POST /api/surveys': planWriters,
  'GET /api/surveys/:id': readers,
  'PATCH /api/surveys/:id': planWriters,
  'DELETE /api/surveys/:id': planWriters,
  'POST /api/surveys/:id/publish': planWriters,
  'POST /api/surveys/:id/unpublish': planWriters,
  'POST /api/surveys/:id/duplicate': planWriters,
  'POST /api/surveys/:id/questions': planWriters,
  'PUT /api/surveys/:id/questions/order': planWriters,
  'PATCH /api/surveys/:id/questions/:questionId': planWriters,
  'DELETE /api/surveys/:id/questions/:questionId': planWriters,
  'GET /api/surveys/:id/results': readers,
  'GET /api/surveys/:id/responses.csv': readers,
  'GET /api/surveys/:id/results.csv': readers,
  'GET /api/surveys/:id/topics': readers,
  'GET /api/surveys/:id/topics.csv': readers,
  'POST /api/surveys/:id/announcement': followUp,
  'GET /participa': everyone,
  'GET /participa/informe': everyone,
  'GET /participa/informe.pdf': everyone,
  'GET /informe': readers,
  'GET /planes/:id/informe': readers,
  'GET /planes/:id/informe.pdf': readers,
  'GET /planes/:id/evaluacion': readers,
  'POST /planes/:id/evaluacion': planWriters,
  'POST /planes/:id/informe/pieza': planWriters,
  'GET /api/plans/:id/report': readers,
  'GET /api/plans/:id/evaluations': readers,
  'PUT /api/plans/:id/evaluations/:subcomponentId': planWriters,
  'POST /api/plans/:id/report/piece': planWriters,
  'GET /participa/preguntas': everyone,
  'POST /participa/preguntas': everyone,
  'GET /participa/respuestas': everyone,
  'GET /api/plans/:id/questions': readers,
  'POST /api/plans/:id/questions': planWriters,
  'PUT /api/plans/:id/answer-deadline': planWriters,
  'POST /api/plans/:id/questions/import': planWriters,
  'POST /api/plans/:id/questions/piece': planWriters,
  'GET /api/questions/:id': readers,
  'POST /api/questions/:id/assign': planWriters,
  'PUT /api/questions/:id/answer': followUp,
  'POST /api/questions/:id/approve': [...reviewers, 'department'],
  'POST /api/questions/:id/publish': publishers,
  'POST /api/questions/:id/unpublish': publishers,
  'POST /api/questions/:id/discard': planWriters,
  'POST /api/questions/:id/restore': planWriters,
  'POST /api/questions/:id/duplicate': planWriters,
  'POST /api/questions/:id/not-duplicate': planWriters,
  'GET /preguntas': readers,
  'GET /planes/:id/preguntas': readers,
  'POST /planes/:id/preguntas': planWriters,
  'POST /planes/:id/preguntas/plazo': planWriters,
  'POST /planes/:id/preguntas/importar': planWriters,
  'POST /planes/:id/preguntas/pieza': planWriters,
  'GET /preguntas/:id': readers,
  'POST /preguntas/:id/asignar': planWriters,
  'POST /preguntas/:id/respuesta': followUp,
  'POST /preguntas/:id/aprobar': [...reviewers, 'department'],
  'POST /preguntas/:id/publicar': publishers,
  'POST /preguntas/:id/retirar': publishers,
  'POST /preguntas/:id/descartar': planWriters,
  'POST /preguntas/:id/restaurar': planWriters,
  'POST /preguntas/:id/duplicada': planWriters,
  'POST /preguntas/:id/no-duplicada': planWriters,
  'GET /metricas': readers,
  'GET /planes/:id/metricas': readers,
  'GET /piezas/:id/metricas': readers,
  'GET /actividades/:id/metricas': readers,
  'POST /actividades/:id/metricas/meta': followUp,
  'POST /actividades/:id/metricas/registros': followUp,
  'POST /actividades/:id/metricas/registros/:entryId': followUp,
  'POST /actividades/:id/metricas/registros/:entryId/eliminar': followUp,
  'GET /api/plans/:id/metrics': readers,
  'GET /api/plans/:id/metrics.csv': readers,
  'GET /api/plans/:id/best-times': readers,
  'GET /api/pieces/:id/metrics': readers,
  'GET /api/pieces/:id/metrics.csv': readers,
  'GET /api/activities/:id/metrics': readers,
  'GET /api/activities/:id/metrics.csv': readers,
  'GET /api/activities/:id/manual-metrics': readers,
  'POST /api/activities/:id/manual-metrics': followUp,
  'PATCH /api/manual-metrics/:id': followUp,
  'DELETE /api/manual-metrics/:id': followUp,
  'POST /actividades/:id/piezas': followUp,
  'GET /departamentos': readers,
  'GET /api/pieces': readers,
  'POST /api/pieces': followUp,
  'GET /api/pieces/:id': readers,
  'PATCH /api/pieces/:id': followUp,
  'DELETE /api/pieces/:id': followUp,
  'POST /api/pieces/:id/transitions': followUp,
  'POST /api/pieces/:id/review': [...reviewers, 'department'],
  'GET /api/templates': readers,
  'GET /api/formats': readers,
  'GET /api/templates/:id/sample': readers,
  'POST /api/render': followUp,
  'POST /api/render/preview': followUp,
  'POST /api/pieces/:id/render-all': followUp,
  'GET /api/media': readers,
  'POST /api/media': followUp,
  'GET /api/media/:id': readers,
  'GET /api/media/:id/file': readers,
  'PATCH /api/media/:id': followUp,
  'GET /api/brand': readers,
  'PUT /api/brand': planWriters,
  'GET /plantillas': readers,
  'GET /plantillas/:id': readers,
  'GET /marca': readers,
  'POST /marca': planWriters,
  'GET /medios': readers,
  'POST /medios/:id': followUp,
  'POST /medios': followUp,
  'GET /api/channels/accounts': readers,
  'POST /api/channels/accounts': admins,
  'DELETE /api/channels/accounts/:id': admins,
  'POST /api/channels/check': readers,
  'POST /api/pieces/:id/publish': publishers,
  'GET /api/pieces/:id/publications': readers,
  'GET /api/publishing': readers,
  'PUT /api/publishing': publishers,
  'POST /api/channels/accounts/:id/pause': publishers,
  'POST /api/channels/accounts/:id/resume': publishers,
  'GET /api/plans/:id/blackouts': readers,
  'POST /api/plans/:id/blackouts': planWriters,
  'DELETE /api/blackouts/:id': planWriters,
  'POST /api/publications/:id/resolve': publishers,
  'DELETE /api/publications/:id': publishers,
  'POST /publicaciones/:id/retirar': publishers,
  'GET /canales': readers,
  'GET /canales/conectar/:network': admins,
  'GET /canales/oauth/:network': admins,
  'POST /canales/tokens': admins,
  'POST /canales/:id/desactivar': admins,
  'POST /canales/publicacion': publishers,
  'POST /canales/:id/pausar': publishers,
  'POST /canales/:id/reanudar': publishers,
  'POST /canales/vedas': planWriters,
  'POST /canales/vedas/:id/eliminar': planWriters,
  'POST /publicaciones/:id/confirmar': publishers,
  'POST /api/pieces/import/preview': followUp,
  'POST /api/pieces/import': followUp,
  'GET /api/pieces/export': readers,
  'GET /piezas/importar': followUp,
  'GET /piezas/importar/ejemplo.csv': followUp,
  'POST /piezas/importar/vista-previa': followUp,
  'POST /piezas/importar': followUp,
  'GET /piezas/exportar': readers,
  'GET /piezas/:id': readers,
  'GET /piezas/:id/plantilla': readers,
  'POST /piezas/:id/variantes': followUp,
  'POST /piezas/:id/estado': followUp,
  'POST /piezas/:id/revision': [...reviewers, 'department'],
  'POST /piezas/:id/publicar': publishers,
};

let t: TestContext;
const callers = new Map<Role, Client>();
let planId: string;
let ownActivityId: string; // an activity of the department user's own department
let ownDepartmentId: string; // the department user's department
let foreignActivityId: string; // one it does not answer for
let targetUserId: string;
let viewerTokenId: string;
let mediaId: string;

async function freshPiece(activityId = ownActivityId) {
  const p = await t.db.piece.create({ data: { kind: 'poster', title: 'Afiche de prueba', activityId } });
  return p.id;
}

async function freshEvent() {
  const e = await t.db.event.create({ data: { planId, title: 'Feria de gestión', startsAt: new Date('2026-12-01T15:00:00Z') } });
  return e.id;
}

/** A citizen's question assigned to the department user's department (publishing or discarding one changes it). */
async function freshQuestion(): Promise<string> {
  const question = await t.db.citizenQuestion.create({ data: { planId, source: 'staff', text: '¿Cuándo arreglan la vía?', normalized: 'cuando arreglan la via', departmentId: ownDepartmentId, status: 'assigned' } });
  return question.id;
}

/** A survey in the department's own activity (deleting one consumes it). */
async function freshSurvey(): Promise<string> {
  const survey = await t.db.survey.create({ data: { planId, activityId: ownActivityId, slug: `encuesta-${Math.random().toString(36).slice(2, 10)}`, title: 'Encuesta de prueba' } });
  return survey.id;
}

/** A manual metrics entry of the department's own activity (deleting one consumes it). */
async function freshManualEntry(): Promise<string> {
  const entry = await t.db.manualMetricEntry.create({ data: { activityId: ownActivityId, kind: 'radio', date: new Date('2026-11-20'), audience: 1000, evidenceUrl: 'https://example.gov.co/cuña' } });
  return entry.id;
}

/** A concrete path for a route, with fresh resources where the call may consume them. */
async function pathFor(route: string): Promise<string> {
  const path = route.split(' ')[1]!;
  if (path === '/public/*') return '/public/styles.css';
  if (path.includes(':network')) return path.replace(':network', 'x');
  if (path.includes(':mediaId')) return path.replace(':mediaId', mediaId);
  if (path.includes(':slug')) return path.replace(':slug', 'noticia-inexistente');
  if (path.includes(':entryId')) return path.replace(':id', ownActivityId).replace(':entryId', await freshManualEntry());
  if (!path.includes(':id')) return path;
  let id: string;
  if (path.startsWith('/api/plans/') || path.startsWith('/planes/')) id = planId;
  else if (path.includes('activit') || path.startsWith('/actividades/')) id = ownActivityId;
  else if (path.startsWith('/api/pieces/') || path.startsWith('/piezas/')) id = await freshPiece();
  else if (path.startsWith('/api/events/') || path.startsWith('/audiencia/')) id = await freshEvent();
  else if (path.startsWith('/api/surveys/') || path.startsWith('/encuestas/')) id = await freshSurvey();
  else if (path.includes('users') || path.includes('usuarios')) id = targetUserId;
  else if (path.includes('tokens')) id = viewerTokenId;
  else if (path.startsWith('/api/templates/') || path.startsWith('/plantillas/')) id = 'press_header';
  else if (path.startsWith('/api/publications/') || path.startsWith('/publicaciones/')) id = 'publicacion-inexistente';
  else if (path.startsWith('/canales/vedas/')) id = (await t.db.blackoutWindow.create({ data: { planId, reason: 'Veda de prueba', startsAt: new Date('2027-01-01'), endsAt: new Date('2027-01-02') } })).id;
  else if (path.startsWith('/api/blackouts/')) id = (await t.db.blackoutWindow.create({ data: { planId, reason: 'Veda de prueba', startsAt: new Date('2027-01-01'), endsAt: new Date('2027-01-02') } })).id;
  else if (path.startsWith('/api/manual-metrics/')) id = await freshManualEntry();
  else if (path.startsWith('/api/questions/') || path.startsWith('/preguntas/')) id = await freshQuestion();
  else if (path.startsWith('/api/media/') || path.startsWith('/medios/')) id = mediaId;
  else if (path.startsWith('/api/channels/accounts/') || path.startsWith('/canales/')) id = (await t.db.channelAccount.create({ data: { network: 'x', label: `Cuenta ${Math.random()}` } })).id;
  else throw new Error(`sin parámetro de prueba para ${route}`);
  return path.replace(':id', id);
}

function bodyFor(route: string): RequestInit {
  const [method, path] = route.split(' ') as [string, string];
  if (method === 'GET' || method === 'ALL') return { method: 'GET' };
  // Sign-in is open to all, but only a right password gets in: use one.
  const credentials = { email: 'objetivo@prueba.gov.co', password: 'contraseña-de-prueba' };
  if (route === 'POST /ingresar') return { method, body: new URLSearchParams(credentials), headers: { 'content-type': 'application/x-www-form-urlencoded' } };
  if (route === 'POST /api/auth/login') return { method, body: JSON.stringify(credentials), headers: { 'content-type': 'application/json' } };
  if (!path.startsWith('/api/')) {
    return { method, body: new URLSearchParams({ title: 'Pieza de prueba', kind: 'poster' }), headers: { 'content-type': 'application/x-www-form-urlencoded' } };
  }
  const body = path === '/api/pieces' ? { kind: 'poster', title: 'Afiche de prueba', activityId: ownActivityId } : {};
  return { method, body: JSON.stringify(body), headers: { 'content-type': 'application/json' } };
}

beforeAll(async () => {
  t = await createTestContext();
  planId = await importSeedPlan(t.db);
  // Departments review too when the plan asks for it (the review routes' matrix includes them).
  await t.db.plan.update({ where: { id: planId }, data: { requireDepartmentApproval: true } });
  const planeacion = await t.db.department.findFirstOrThrow({ where: { name: 'Secretaría de Planeación' } });
  const own = await t.db.activity.findFirstOrThrow({ where: { description: { startsWith: 'Rendición de cuentas sectorial' } } });
  const foreign = await t.db.activity.findFirstOrThrow({ where: { description: { startsWith: 'Realizar comunicados de prensa' } } });
  ownActivityId = own.id;
  ownDepartmentId = planeacion.id;
  foreignActivityId = foreign.id;
  for (const role of signedIn) {
    const { token } = await createUserWithToken(t.db, role, role === 'department' ? [planeacion.id] : []);
    callers.set(role, withToken(t.anon, token));
  }
  const target = await createUserWithToken(t.db, 'viewer', [], 'objetivo@prueba.gov.co');
  targetUserId = target.user.id;
  viewerTokenId = (await t.db.apiToken.findFirstOrThrow({ where: { userId: target.user.id } })).id;
  const stored = await t.db.mediaAsset.create({ data: { kind: 'image', mimeType: 'image/png', bytes: 1, sha256: 'x', storagePath: 'no/existe.png' } });
  mediaId = stored.id;
});
afterAll(async () => {
  await t.close();
});

describe('route policy', () => {
  const appRoutes = () => [
    ...new Set(
      t.anon.routes.filter((r) => r.path !== '*' && r.path !== '/*' && (r.method !== 'ALL' || r.path === '/public/*')).map((r) => `${r.method} ${r.path}`),
    ),
  ];

  it('has a rule for every route the app serves, and the matrix names every route', () => {
    const routes = appRoutes();
    expect(routes.filter((r) => !(r in policy))).toEqual([]);
    expect(routes.filter((r) => !(r in expected))).toEqual([]);
    expect(Object.keys(policy).filter((r) => !routes.includes(r))).toEqual([]);
  });

  it.each(Object.keys(expected))('%s: allowed and denied as the role matrix says', async (route) => {
    const allowed = expected[route]!;
    const results: string[] = [];
    for (const [who, client] of [['anónimo', t.anon] as const, ...[...callers.entries()]]) {
      const res = await client.request(await pathFor(route), bodyFor(route));
      const mayCall = allowed === everyone || (who !== 'anónimo' && allowed.includes(who));
      const denied = res.status === 401 || res.status === 403 || (res.status === 302 && res.headers.get('location')?.startsWith('/ingresar'));
      const wanted = mayCall ? 'allowed' : who === 'anónimo' ? 'unauthenticated' : 'forbidden';
      const got = !denied ? 'allowed' : res.status === 403 ? 'forbidden' : 'unauthenticated';
      if (wanted !== got) results.push(`${who}: esperaba ${wanted}, obtuvo ${res.status}`);
    }
    expect(results).toEqual([]);
  });
});

describe('department scope', () => {
  const dept = () => callers.get('department')!;
  const json = (method: string, body: unknown): RequestInit => ({ method, body: JSON.stringify(body), headers: { 'content-type': 'application/json' } });

  it('lets a department user update its own activity but not another department’s', async () => {
    expect((await dept().request(`/api/activities/${ownActivityId}`, json('PATCH', { progress: 10 }))).status).toBe(200);
    const res = await dept().request(`/api/activities/${foreignActivityId}`, json('PATCH', { progress: 10 }));
    expect(res.status).toBe(403);
    expect((await res.json()).error.message).toBe('Solo puede modificar actividades y piezas de su propia dependencia.');
    expect((await t.db.activity.findUniqueOrThrow({ where: { id: foreignActivityId } })).progress).toBe(0);
  });

  it('treats an activity of "todas las dependencias" as its own', async () => {
    const all = await t.db.activity.findFirstOrThrow({ where: { allDepartments: true, departments: { none: { department: { name: 'Secretaría de Planeación' } } } } }).catch(() => null);
    const target = all ?? (await t.db.activity.update({ where: { id: foreignActivityId }, data: { allDepartments: true } }));
    expect((await dept().request(`/api/activities/${target.id}`, json('PATCH', { progress: 5 }))).status).toBe(200);
    if (!all) await t.db.activity.update({ where: { id: foreignActivityId }, data: { allDepartments: false, progress: 0 } });
  });

  it('refuses pieces of other departments, pieces with no activity, and moving a piece away', async () => {
    const foreignPiece = await freshPiece(foreignActivityId);
    expect((await dept().request(`/api/pieces/${foreignPiece}`, json('PATCH', { title: 'Cambio ajeno' }))).status).toBe(403);
    expect((await dept().request(`/api/pieces/${foreignPiece}/transitions`, json('POST', { action: 'submit' }))).status).toBe(403);
    expect((await dept().request('/api/pieces', json('POST', { kind: 'poster', title: 'Sin actividad' }))).status).toBe(403);
    expect((await dept().request('/api/pieces', json('POST', { kind: 'poster', title: 'Ajena', activityId: foreignActivityId }))).status).toBe(403);
    const ownPiece = await freshPiece();
    expect((await dept().request(`/api/pieces/${ownPiece}`, json('PATCH', { activityId: foreignActivityId }))).status).toBe(403);
    expect((await t.db.piece.findUniqueOrThrow({ where: { id: ownPiece } })).activityId).toBe(ownActivityId);
    expect((await dept().request(`/api/pieces/${ownPiece}`, json('PATCH', { title: 'Afiche corregido' }))).status).toBe(200);
  });

  it('does not scope communications staff', async () => {
    const foreignPiece = await freshPiece(foreignActivityId);
    expect((await callers.get('communications')!.request(`/api/pieces/${foreignPiece}`, json('PATCH', { title: 'Cambio de comunicaciones' }))).status).toBe(200);
  });
});
