import { createRoute, z } from '@hono/zod-openapi';
import { createRouter } from '../http/router.js';
import { errorResponses, IdParam, Instant, json } from '../http/schemas.js';
import { createBlackout, deleteBlackout, listBlackouts, resolveUnconfirmed, setAccountPaused } from './controls.js';
import { isPublishingPaused, setPublishingPaused } from './settings.js';

/** The scheduler's controls: the emergency stop, account pauses, blackout windows, unconfirmed publications. */
export const schedulerRoutes = createRouter();
const tags = ['Programación'];
const conflict = { 409: errorResponses[400] };

const PublishingState = z.object({ paused: z.boolean() }).openapi('PublishingState');

schedulerRoutes.openapi(
  createRoute({ method: 'get', path: '/publishing', tags, summary: 'Si la publicación está detenida en toda la oficina', responses: { 200: json(PublishingState, 'Estado') } }),
  async (c) => c.json({ paused: await isPublishingPaused(c.var.db) }, 200),
);

schedulerRoutes.openapi(
  createRoute({
    method: 'put',
    path: '/publishing',
    tags,
    summary: 'Detiene (parada de emergencia) o reanuda toda publicación programada',
    request: { body: { content: { 'application/json': { schema: z.object({ paused: z.boolean(), reason: z.string().trim().max(500).optional() }).strict() } }, required: true } },
    responses: { 200: json(PublishingState, 'Nuevo estado'), 400: errorResponses[400] },
  }),
  async (c) => {
    const { paused, reason } = c.req.valid('json');
    await setPublishingPaused({ db: c.var.db, actor: c.var.actor, paused, reason });
    return c.json({ paused }, 200);
  },
);

for (const [action, paused] of [['pause', true], ['resume', false]] as const) {
  schedulerRoutes.openapi(
    createRoute({
      method: 'post',
      path: `/channels/accounts/{id}/${action}`,
      tags,
      summary: paused ? 'Pausa una cuenta: nada se le envía hasta reanudarla' : 'Reanuda una cuenta pausada',
      request: { params: IdParam },
      responses: { 200: { description: 'Cuenta' }, ...errorResponses, ...conflict },
    }),
    async (c) => c.json(await setAccountPaused({ db: c.var.db, actor: c.var.actor, id: c.req.valid('param').id, paused }), 200),
  );
}

const BlackoutSchema = z.object({ id: z.string(), planId: z.string(), reason: z.string(), startsAt: z.string(), endsAt: z.string() }).openapi('BlackoutWindow');

schedulerRoutes.openapi(
  createRoute({ method: 'get', path: '/plans/{id}/blackouts', tags, summary: 'Vedas del plan (ventanas sin publicaciones)', request: { params: IdParam }, responses: { 200: json(z.array(BlackoutSchema), 'Vedas') } }),
  async (c) => c.json(await listBlackouts(c.var.db, c.req.valid('param').id), 200),
);

schedulerRoutes.openapi(
  createRoute({
    method: 'post',
    path: '/plans/{id}/blackouts',
    tags,
    summary: 'Crea una veda (p. ej. Ley de Garantías); dice cuántas publicaciones programadas caen en ella',
    request: {
      params: IdParam,
      body: { content: { 'application/json': { schema: z.object({ reason: z.string().trim().min(3).max(300), startsAt: Instant, endsAt: Instant }).strict() } }, required: true },
    },
    responses: { 201: json(BlackoutSchema.extend({ affectedPublications: z.number().int() }), 'Veda creada'), ...errorResponses, 422: errorResponses[400] },
  }),
  async (c) => c.json(await createBlackout({ db: c.var.db, actor: c.var.actor, planId: c.req.valid('param').id, input: c.req.valid('json') }), 201),
);

schedulerRoutes.openapi(
  createRoute({ method: 'delete', path: '/blackouts/{id}', tags, summary: 'Elimina una veda', request: { params: IdParam }, responses: { 204: { description: 'Eliminada' }, ...errorResponses } }),
  async (c) => {
    await deleteBlackout({ db: c.var.db, actor: c.var.actor, id: c.req.valid('param').id });
    return c.body(null, 204);
  },
);

schedulerRoutes.openapi(
  createRoute({
    method: 'post',
    path: '/publications/{id}/resolve',
    tags,
    summary: 'Resuelve una publicación sin confirmar: sí se publicó (con su enlace) o no (se envía de nuevo)',
    request: {
      params: IdParam,
      body: {
        content: { 'application/json': { schema: z.discriminatedUnion('posted', [z.object({ posted: z.literal(true), url: z.string().url() }).strict(), z.object({ posted: z.literal(false) }).strict()]) } },
        required: true,
      },
    },
    responses: { 200: { description: 'Publicación' }, ...errorResponses, ...conflict },
  }),
  async (c) => c.json(await resolveUnconfirmed({ db: c.var.db, actor: c.var.actor }, c.req.valid('param').id, c.req.valid('json')), 200),
);
