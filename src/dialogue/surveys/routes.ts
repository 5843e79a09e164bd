import { csvAttachment } from '../../http/csv-response.js';
import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { notFound } from '../../errors.js';
import { createRouter } from '../../http/router.js';
import type { AppEnv } from '../../http/env.js';
import { errorResponses, IdParam, json } from '../../http/schemas.js';
import { PieceSchema } from '../../pieces/schemas.js';
import { createSurveyAnnouncement } from './announce.js';
import { resultsCsv, responsesCsv, surveyCsvFileName, surveyResults, surveyTopics, topicsCsv } from './results.js';
import {
  QuestionInputSchema,
  QuestionOrderSchema,
  QuestionSchema,
  QuestionUpdateSchema,
  SurveyCreateSchema,
  SurveyDuplicateSchema,
  SurveyResultsSchema,
  SurveySchema,
  SurveyUpdateSchema,
  TopicRankingSchema,
} from './schemas.js';
import {
  addQuestion,
  createSurvey,
  deleteSurvey,
  duplicateSurvey,
  getSurveyView,
  listSurveys,
  publishSurvey,
  removeQuestion,
  reorderQuestions,
  toSurveyView,
  unpublishSurvey,
  updateQuestion,
  updateSurvey,
  type SurveyRow,
} from './surveys.js';

/**
 * The surveys' JSON API (mounted under /api): the builder, publishing, results, the
 * systematization of the topics, CSV exports and the announcement piece. Citizens answer at
 * the public page (src/dialogue/public-survey-routes.tsx), not here.
 */
export const surveyApiRoutes: OpenAPIHono<AppEnv> = createRouter();
const tags = ['Encuestas'];

const SurveyQuestionParams = z.object({
  id: z.string().min(1).openapi({ param: { name: 'id', in: 'path' } }),
  questionId: z.string().min(1).openapi({ param: { name: 'questionId', in: 'path' } }),
});
const body = <T extends z.ZodType>(schema: T) => ({ body: { content: { 'application/json': { schema } }, required: true } });
const csvResponse = { description: 'CSV (UTF-8 con BOM, separado por comas)', content: { 'text/csv': { schema: z.string() } } };
const withConflicts = { ...errorResponses, 409: errorResponses[400], 422: errorResponses[400] };

function opts(c: Context<AppEnv>) {
  return { publicUrl: c.var.config.channels.publicUrl, now: new Date() };
}

async function view(c: Context<AppEnv>, row: SurveyRow) {
  return toSurveyView(row, { ...opts(c), responses: await c.var.db.surveyResponse.count({ where: { surveyId: row.id } }) });
}

surveyApiRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/plans/{id}/surveys',
    tags,
    summary: 'Encuestas del plan, las más recientes primero',
    request: { params: IdParam },
    responses: { 200: json(z.array(SurveySchema.omit({ questions: true }).extend({ questionCount: z.number().int(), planTitle: z.string() })), 'Encuestas'), ...errorResponses },
  }),
  async (c) => {
    const { id } = c.req.valid('param');
    const plan = await c.var.db.plan.findUnique({ where: { id }, select: { id: true } });
    if (!plan) throw notFound('el plan', id);
    return c.json(await listSurveys(c.var.db, { planId: id, ...opts(c) }), 200);
  },
);

surveyApiRoutes.openapi(
  createRoute({ method: 'post', path: '/surveys', tags, summary: 'Crea una encuesta (borrador)', request: body(SurveyCreateSchema), responses: { 201: json(SurveySchema, 'Encuesta creada'), ...withConflicts } }),
  async (c) => c.json(await view(c, await createSurvey({ db: c.var.db, actor: c.var.actor, fields: c.req.valid('json') })), 201),
);

surveyApiRoutes.openapi(
  createRoute({ method: 'get', path: '/surveys/{id}', tags, summary: 'Una encuesta con sus preguntas', request: { params: IdParam }, responses: { 200: json(SurveySchema, 'Encuesta'), ...errorResponses } }),
  async (c) => c.json(await getSurveyView(c.var.db, c.req.valid('param').id, opts(c)), 200),
);

surveyApiRoutes.openapi(
  createRoute({
    method: 'patch',
    path: '/surveys/{id}',
    tags,
    summary: 'Cambia título, descripción, propósito, actividad, fechas o dirección',
    request: { params: IdParam, ...body(SurveyUpdateSchema) },
    responses: { 200: json(SurveySchema, 'Encuesta actualizada'), ...withConflicts },
  }),
  async (c) => c.json(await view(c, await updateSurvey({ db: c.var.db, actor: c.var.actor, id: c.req.valid('param').id, fields: c.req.valid('json') })), 200),
);

surveyApiRoutes.openapi(
  createRoute({ method: 'delete', path: '/surveys/{id}', tags, summary: 'Elimina una encuesta sin respuestas', request: { params: IdParam }, responses: { 204: { description: 'Eliminada' }, ...withConflicts } }),
  async (c) => {
    await deleteSurvey({ db: c.var.db, actor: c.var.actor, id: c.req.valid('param').id });
    return c.body(null, 204);
  },
);

surveyApiRoutes.openapi(
  createRoute({ method: 'post', path: '/surveys/{id}/publish', tags, summary: 'Publica la encuesta en /participa/encuestas/:slug', request: { params: IdParam }, responses: { 200: json(SurveySchema, 'Publicada'), ...withConflicts } }),
  async (c) => c.json(await view(c, await publishSurvey({ db: c.var.db, actor: c.var.actor, id: c.req.valid('param').id })), 200),
);

surveyApiRoutes.openapi(
  createRoute({ method: 'post', path: '/surveys/{id}/unpublish', tags, summary: 'Vuelve a borrador una encuesta sin respuestas', request: { params: IdParam }, responses: { 200: json(SurveySchema, 'Borrador'), ...withConflicts } }),
  async (c) => c.json(await view(c, await unpublishSurvey({ db: c.var.db, actor: c.var.actor, id: c.req.valid('param').id })), 200),
);

surveyApiRoutes.openapi(
  createRoute({
    method: 'post',
    path: '/surveys/{id}/duplicate',
    tags,
    summary: 'Copia la encuesta con sus preguntas, como borrador (sin respuestas ni fechas)',
    request: { params: IdParam, body: { content: { 'application/json': { schema: SurveyDuplicateSchema } }, required: false } },
    responses: { 201: json(SurveySchema, 'Copia creada'), ...withConflicts },
  }),
  async (c) => {
    const fields = c.req.header('content-type')?.includes('application/json') ? (c.req.valid('json') ?? {}) : {};
    return c.json(await view(c, await duplicateSurvey({ db: c.var.db, actor: c.var.actor, id: c.req.valid('param').id, fields })), 201);
  },
);

surveyApiRoutes.openapi(
  createRoute({
    method: 'post',
    path: '/surveys/{id}/questions',
    tags,
    summary: 'Agrega una pregunta al final',
    request: { params: IdParam, ...body(QuestionInputSchema) },
    responses: { 201: json(QuestionSchema, 'Pregunta creada'), ...withConflicts },
  }),
  async (c) => c.json(await addQuestion({ db: c.var.db, actor: c.var.actor, surveyId: c.req.valid('param').id, fields: c.req.valid('json') }), 201),
);

surveyApiRoutes.openapi(
  createRoute({
    method: 'put',
    path: '/surveys/{id}/questions/order',
    tags,
    summary: 'Ordena las preguntas (todas, cada una una vez)',
    request: { params: IdParam, ...body(QuestionOrderSchema) },
    responses: { 200: json(SurveySchema, 'Encuesta'), ...withConflicts },
  }),
  async (c) => c.json(await view(c, await reorderQuestions({ db: c.var.db, actor: c.var.actor, surveyId: c.req.valid('param').id, questionIds: c.req.valid('json').questionIds })), 200),
);

surveyApiRoutes.openapi(
  createRoute({
    method: 'patch',
    path: '/surveys/{id}/questions/{questionId}',
    tags,
    summary: 'Cambia una pregunta (con respuestas: solo redacción, ayuda, obligatoria y pregunta de temas)',
    request: { params: SurveyQuestionParams, ...body(QuestionUpdateSchema) },
    responses: { 200: json(QuestionSchema, 'Pregunta actualizada'), ...withConflicts },
  }),
  async (c) => {
    const { id, questionId } = c.req.valid('param');
    return c.json(await updateQuestion({ db: c.var.db, actor: c.var.actor, surveyId: id, questionId, fields: c.req.valid('json') }), 200);
  },
);

surveyApiRoutes.openapi(
  createRoute({
    method: 'delete',
    path: '/surveys/{id}/questions/{questionId}',
    tags,
    summary: 'Elimina una pregunta (no si la encuesta ya tiene respuestas)',
    request: { params: SurveyQuestionParams },
    responses: { 204: { description: 'Eliminada' }, ...withConflicts },
  }),
  async (c) => {
    const { id, questionId } = c.req.valid('param');
    await removeQuestion({ db: c.var.db, actor: c.var.actor, surveyId: id, questionId });
    return c.body(null, 204);
  },
);

surveyApiRoutes.openapi(
  createRoute({ method: 'get', path: '/surveys/{id}/results', tags, summary: 'Resultados en vivo de la encuesta', request: { params: IdParam }, responses: { 200: json(SurveyResultsSchema, 'Resultados'), ...errorResponses } }),
  async (c) => c.json((await surveyResults(c.var.db, c.req.valid('param').id, opts(c))).results, 200),
);

surveyApiRoutes.openapi(
  createRoute({ method: 'get', path: '/surveys/{id}/responses.csv', tags, summary: 'Todas las respuestas: una fila por respuesta, una columna por pregunta (y por fila de matriz)', request: { params: IdParam }, responses: { 200: csvResponse, ...errorResponses } }),
  async (c) => {
    const { survey, responses } = await surveyResults(c.var.db, c.req.valid('param').id, opts(c));
    return csvAttachment(c, responsesCsv(survey, responses, c.var.config.timeZone), surveyCsvFileName(survey.slug, 'respuestas'));
  },
);

surveyApiRoutes.openapi(
  createRoute({ method: 'get', path: '/surveys/{id}/results.csv', tags, summary: 'Resumen de resultados por pregunta', request: { params: IdParam }, responses: { 200: csvResponse, ...errorResponses } }),
  async (c) => {
    const { survey, results } = await surveyResults(c.var.db, c.req.valid('param').id, opts(c));
    return csvAttachment(c, resultsCsv(results), surveyCsvFileName(survey.slug, 'resultados'));
  },
);

surveyApiRoutes.openapi(
  createRoute({ method: 'get', path: '/surveys/{id}/topics', tags, summary: 'Sistematización: los temas de la pregunta de temas, ordenados', request: { params: IdParam }, responses: { 200: json(TopicRankingSchema, 'Temas'), ...errorResponses } }),
  async (c) => c.json((await surveyTopics(c.var.db, c.req.valid('param').id, opts(c))).ranking, 200),
);

surveyApiRoutes.openapi(
  createRoute({ method: 'get', path: '/surveys/{id}/topics.csv', tags, summary: 'Sistematización en CSV', request: { params: IdParam }, responses: { 200: csvResponse, ...errorResponses } }),
  async (c) => {
    const { survey, ranking } = await surveyTopics(c.var.db, c.req.valid('param').id, opts(c));
    return csvAttachment(c, topicsCsv(ranking), surveyCsvFileName(survey.slug, 'temas'));
  },
);

surveyApiRoutes.openapi(
  createRoute({
    method: 'post',
    path: '/surveys/{id}/announcement',
    tags,
    summary: 'Crea la pieza de anuncio (borrador, tipo publicación de encuesta) con el enlace público',
    request: { params: IdParam },
    responses: { 201: json(PieceSchema, 'Pieza creada'), ...withConflicts },
  }),
  async (c) => c.json(await createSurveyAnnouncement({ db: c.var.db, actor: c.var.actor, surveyId: c.req.valid('param').id, publicUrl: c.var.config.channels.publicUrl }), 201),
);
