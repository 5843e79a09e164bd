import { createRoute, z } from '@hono/zod-openapi';
import { notFound } from '../errors.js';
import { createRouter } from '../http/router.js';
import { errorResponses, IdParam, json } from '../http/schemas.js';
import { createEvent, deleteEvent, toEventView, updateEvent } from './events.js';
import { EventCreateSchema, EventSchema, EventUpdateSchema } from './schemas.js';

export const eventRoutes = createRouter();
const tags = ['Eventos'];

eventRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/plans/{id}/events',
    tags,
    summary: 'Eventos del plan (audiencia pública, ferias, encuentros), por fecha',
    request: { params: IdParam },
    responses: { 200: json(z.array(EventSchema), 'Eventos'), ...errorResponses },
  }),
  async (c) => {
    const { id } = c.req.valid('param');
    const plan = await c.var.db.plan.findUnique({ where: { id }, select: { id: true } });
    if (!plan) throw notFound('el plan', id);
    const events = await c.var.db.event.findMany({ where: { planId: id }, orderBy: { startsAt: 'asc' } });
    return c.json(events.map(toEventView), 200);
  },
);

eventRoutes.openapi(
  createRoute({
    method: 'post',
    path: '/events',
    tags,
    summary: 'Crea un evento',
    request: { body: { content: { 'application/json': { schema: EventCreateSchema } }, required: true } },
    responses: { 201: json(EventSchema, 'Evento creado'), 400: errorResponses[400], 422: errorResponses[400] },
  }),
  async (c) => {
    const { planId, ...fields } = c.req.valid('json');
    return c.json(toEventView(await createEvent({ db: c.var.db, actor: c.var.actor, planId, fields })), 201);
  },
);

eventRoutes.openapi(
  createRoute({ method: 'get', path: '/events/{id}', tags, summary: 'Un evento', request: { params: IdParam }, responses: { 200: json(EventSchema, 'Evento'), ...errorResponses } }),
  async (c) => {
    const { id } = c.req.valid('param');
    const event = await c.var.db.event.findUnique({ where: { id } });
    if (!event) throw notFound('el evento', id);
    return c.json(toEventView(event), 200);
  },
);

eventRoutes.openapi(
  createRoute({
    method: 'patch',
    path: '/events/{id}',
    tags,
    summary: 'Actualiza un evento',
    request: { params: IdParam, body: { content: { 'application/json': { schema: EventUpdateSchema } }, required: true } },
    responses: { 200: json(EventSchema, 'Evento actualizado'), ...errorResponses, 422: errorResponses[400] },
  }),
  async (c) => c.json(toEventView(await updateEvent({ db: c.var.db, actor: c.var.actor, id: c.req.valid('param').id, fields: c.req.valid('json') })), 200),
);

eventRoutes.openapi(
  createRoute({ method: 'delete', path: '/events/{id}', tags, summary: 'Elimina un evento', request: { params: IdParam }, responses: { 204: { description: 'Eliminado' }, ...errorResponses } }),
  async (c) => {
    await deleteEvent({ db: c.var.db, actor: c.var.actor, id: c.req.valid('param').id });
    return c.body(null, 204);
  },
);
