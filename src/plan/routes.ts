import { createRoute, z } from '@hono/zod-openapi';
import { AppError } from '../errors.js';
import { createRouter } from '../http/router.js';
import { errorResponses, IdParam, json } from '../http/schemas.js';
import { parsePlanFile } from './import/parse-plan.js';
import { importPlan } from './import-plan.js';
import { getActivity, getPlanTree, listPlans } from './plan-tree.js';
import { updatePlan } from './update-plan.js';
import { readPlanUpload } from './read-upload.js';
import {
  ActivitySchema,
  ActivityUpdateSchema,
  ImportPreviewSchema,
  PlanListItemSchema,
  PlanSummarySchema,
  PlanTreeSchema,
  PlanUpdateSchema,
} from './schemas.js';
import { updateActivity } from './update-activity.js';

export const planRoutes = createRouter();

planRoutes.openapi(
  createRoute({ method: 'get', path: '/plans', tags: ['Plan'], summary: 'Lista los planes', responses: { 200: json(z.array(PlanListItemSchema), 'Planes') } }),
  async (c) => c.json(await listPlans(c.var.db), 200),
);

// The import body is raw text or a multipart file, which zod cannot validate as a schema:
// the route is documented here and handled by hand below.
planRoutes.openAPIRegistry.registerPath({
  method: 'post',
  path: '/plans/import',
  tags: ['Plan'],
  summary: 'Importa un plan de acción desde una tabla (texto, TSV, CSV o XLSX)',
  request: {
    query: z.object({ dryRun: z.enum(['true', 'false']).optional() }),
    body: {
      content: {
        'text/plain': { schema: z.string() },
        'text/tab-separated-values': { schema: z.string() },
        'text/csv': { schema: z.string() },
        'multipart/form-data': { schema: z.object({ file: z.string().openapi({ format: 'binary' }) }) },
      },
    },
  },
  responses: {
    200: json(ImportPreviewSchema, 'Vista previa (dryRun=true): nada se guarda'),
    201: json(z.object({ planId: z.string(), preview: ImportPreviewSchema }), 'Plan creado'),
    400: errorResponses[400],
    413: errorResponses[400],
    415: errorResponses[400],
  },
});

planRoutes.post('/plans/import', async (c) => {
  const dryRun = c.req.query('dryRun');
  if (dryRun !== undefined && dryRun !== 'true' && dryRun !== 'false') {
    throw new AppError('validation_failed', 'El parámetro dryRun debe ser «true» o «false».');
  }
  const upload = await readPlanUpload(c);
  const preview = await parsePlanFile(upload);
  if (dryRun === 'true') return c.json(preview, 200);
  const { planId } = await importPlan({ db: c.var.db, actor: c.var.actor, parsed: preview, sourceName: upload.filename ?? null });
  return c.json({ planId, preview }, 201);
});

planRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/plans/{id}',
    tags: ['Plan'],
    summary: 'El plan con sus subcomponentes, actividades y dependencias',
    request: { params: IdParam },
    responses: { 200: json(PlanTreeSchema, 'Árbol del plan'), ...errorResponses },
  }),
  async (c) => c.json(await getPlanTree(c.var.db, c.req.valid('param').id), 200),
);

planRoutes.openapi(
  createRoute({
    method: 'patch',
    path: '/plans/{id}',
    tags: ['Plan'],
    summary: 'Actualiza los datos del plan',
    request: { params: IdParam, body: { content: { 'application/json': { schema: PlanUpdateSchema } }, required: true } },
    responses: { 200: json(PlanSummarySchema, 'Plan actualizado'), ...errorResponses },
  }),
  async (c) => c.json(await updatePlan({ db: c.var.db, actor: c.var.actor, id: c.req.valid('param').id, changes: c.req.valid('json') }), 200),
);

planRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/activities/{id}',
    tags: ['Plan'],
    summary: 'Una actividad',
    request: { params: IdParam },
    responses: { 200: json(ActivitySchema, 'Actividad'), ...errorResponses },
  }),
  async (c) => c.json(await getActivity(c.var.db, c.req.valid('param').id), 200),
);

planRoutes.openapi(
  createRoute({
    method: 'patch',
    path: '/activities/{id}',
    tags: ['Plan'],
    summary: 'Actualiza fechas, estado, avance y dependencias de una actividad',
    request: { params: IdParam, body: { content: { 'application/json': { schema: ActivityUpdateSchema } }, required: true } },
    responses: { 200: json(ActivitySchema, 'Actividad actualizada'), ...errorResponses, 422: errorResponses[400] },
  }),
  async (c) => {
    const activity = await updateActivity({ db: c.var.db, actor: c.var.actor, id: c.req.valid('param').id, changes: c.req.valid('json') });
    return c.json(activity, 200);
  },
);
