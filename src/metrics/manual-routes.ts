import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { AppError } from '../errors.js';
import type { AppEnv } from '../http/env.js';
import { createRouter } from '../http/router.js';
import { errorResponses, IdParam, json } from '../http/schemas.js';
import { createManualEntry, deleteManualEntry, listManualEntries, ManualEntryInputSchema, ManualEntryPatchSchema, ManualEntrySchema, updateManualEntry } from './manual-entries.js';

/**
 * The API of manual metric entries (offline pieces). The bodies are checked by the service,
 * not by the router's schema, so every problem answers 422 with a Spanish message per field
 * (`details.errors`); the schemas below document them.
 */
export const manualMetricsApiRoutes = createRouter();
const tags = ['Métricas'];
const unprocessable = { 422: errorResponses[400] };

async function jsonBody(c: Context<AppEnv>): Promise<unknown> {
  try {
    return await c.req.json();
  } catch {
    throw new AppError('bad_request', 'El cuerpo de la solicitud debe ser JSON.');
  }
}

manualMetricsApiRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/activities/{id}/manual-metrics',
    tags,
    summary: 'Registros manuales de métricas de una actividad (piezas fuera de línea)',
    request: { params: IdParam },
    responses: { 200: json(z.array(ManualEntrySchema), 'Registros, del más reciente al más antiguo'), ...errorResponses },
  }),
  async (c) => c.json(await listManualEntries(c.var.db, { activityId: c.req.valid('param').id }), 200),
);

manualMetricsApiRoutes.openAPIRegistry.registerPath({
  method: 'post',
  path: '/activities/{id}/manual-metrics',
  tags,
  summary: 'Registra a mano el alcance, los asistentes o la audiencia de una pieza fuera de línea, con su evidencia',
  description: 'Al menos una cifra (reach, attendance, audience) y una evidencia (evidenceUrl o evidenceMediaId de la biblioteca de medios). La pieza, si se indica, debe ser de la misma actividad.',
  request: { params: IdParam, body: { content: { 'application/json': { schema: ManualEntryInputSchema } }, required: true } },
  responses: { 201: json(ManualEntrySchema, 'Registro creado'), ...errorResponses, ...unprocessable },
});
manualMetricsApiRoutes.post('/activities/:id/manual-metrics', async (c) => {
  const entry = await createManualEntry({ db: c.var.db, actor: c.var.actor, activityId: c.req.param('id'), input: await jsonBody(c) });
  return c.json(entry, 201);
});

manualMetricsApiRoutes.openAPIRegistry.registerPath({
  method: 'patch',
  path: '/manual-metrics/{id}',
  tags,
  summary: 'Corrige un registro manual de métricas',
  request: { params: IdParam, body: { content: { 'application/json': { schema: ManualEntryPatchSchema } }, required: true } },
  responses: { 200: json(ManualEntrySchema, 'Registro actualizado'), ...errorResponses, ...unprocessable },
});
manualMetricsApiRoutes.patch('/manual-metrics/:id', async (c) => {
  const entry = await updateManualEntry({ db: c.var.db, actor: c.var.actor, id: c.req.param('id'), changes: await jsonBody(c) });
  return c.json(entry, 200);
});

manualMetricsApiRoutes.openapi(
  createRoute({
    method: 'delete',
    path: '/manual-metrics/{id}',
    tags,
    summary: 'Elimina un registro manual de métricas',
    request: { params: IdParam },
    responses: { 204: { description: 'Eliminado' }, ...errorResponses },
  }),
  async (c) => {
    await deleteManualEntry({ db: c.var.db, actor: c.var.actor, id: c.req.valid('param').id });
    return c.body(null, 204);
  },
);
