import { createRoute, z } from '@hono/zod-openapi';
import { createRouter } from '../http/router.js';
import { errorResponses, IdParam, json } from '../http/schemas.js';
import { PieceSchema } from '../pieces/schemas.js';
import { buildReport } from './build-report.js';
import { EvaluationInputSchema, listEvaluations, saveEvaluations } from './evaluations.js';
import { createReportPiece } from './report-piece.js';
import { EvaluationSchema, ReportSchema } from './schemas.js';

/**
 * The report over the API: its figures as JSON, the evaluation per subcomponent, and the
 * report's piece. Mounted under /api (paths here without it).
 */
export const reportApiRoutes = createRouter();
const tags = ['Informe y evaluación'];

const SubcomponentParams = z.object({
  id: z.string().min(1).openapi({ param: { name: 'id', in: 'path' } }),
  subcomponentId: z.string().min(1).openapi({ param: { name: 'subcomponentId', in: 'path' } }),
});

reportApiRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/plans/{id}/report',
    tags,
    summary: 'Informe general de rendición de cuentas del plan, calculado ahora (con los datos internos: actividades atrasadas y piezas en elaboración)',
    request: { params: IdParam },
    responses: { 200: json(ReportSchema, 'Informe'), ...errorResponses },
  }),
  async (c) => {
    const report = await buildReport(c.var.db, c.req.valid('param').id, { timeZone: c.var.config.timeZone, now: new Date() });
    return c.json(report, 200);
  },
);

reportApiRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/plans/{id}/evaluations',
    tags,
    summary: 'Evaluación del proceso: fortalezas, debilidades y oportunidades de mejora de cada subcomponente',
    request: { params: IdParam },
    responses: { 200: json(z.array(EvaluationSchema), 'Evaluación por subcomponente'), ...errorResponses },
  }),
  async (c) => c.json(await listEvaluations(c.var.db, c.req.valid('param').id), 200),
);

reportApiRoutes.openapi(
  createRoute({
    method: 'put',
    path: '/plans/{id}/evaluations/{subcomponentId}',
    tags,
    summary: 'Guarda la evaluación de un subcomponente (los campos que no se envían se conservan). Se publica con el informe.',
    request: { params: SubcomponentParams, body: { content: { 'application/json': { schema: EvaluationInputSchema } }, required: true } },
    responses: { 200: json(EvaluationSchema, 'Evaluación guardada'), ...errorResponses, 422: errorResponses[400] },
  }),
  async (c) => {
    const { id, subcomponentId } = c.req.valid('param');
    await saveEvaluations({ db: c.var.db, actor: c.var.actor, planId: id, entries: [{ ...c.req.valid('json'), subcomponentId }] });
    const saved = (await listEvaluations(c.var.db, id)).find((e) => e.subcomponentId === subcomponentId)!;
    return c.json(saved, 200);
  },
);

reportApiRoutes.openapi(
  createRoute({
    method: 'post',
    path: '/plans/{id}/report/piece',
    tags,
    summary: 'Crea una pieza en borrador (tipo «Publicación del informe») con el PDF del informe en la biblioteca de medios y una variante para el sitio web, con la portada del informe como banner, que enlaza a /participa/informe',
    request: { params: IdParam },
    responses: {
      201: json(z.object({ piece: PieceSchema, document: z.object({ id: z.string(), mimeType: z.string(), bytes: z.number().int(), originalName: z.string().nullable(), url: z.string() }) }), 'Pieza creada'),
      ...errorResponses,
    },
  }),
  async (c) => {
    const { piece, document } = await createReportPiece({
      db: c.var.db,
      media: c.var.media,
      actor: c.var.actor,
      planId: c.req.valid('param').id,
      timeZone: c.var.config.timeZone,
      publicUrl: c.var.config.channels.publicUrl,
    });
    return c.json({ piece, document: { id: document.id, mimeType: document.mimeType, bytes: document.bytes, originalName: document.originalName, url: document.url } }, 201);
  },
);
