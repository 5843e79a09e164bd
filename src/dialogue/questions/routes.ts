import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { AppEnv } from '../../http/env.js';
import { createRouter } from '../../http/router.js';
import { errorResponses, IdParam, json } from '../../http/schemas.js';
import { PieceSchema } from '../../pieces/schemas.js';
import { callerOf, questionCan, requireCan, withoutPersonalData, type QuestionCaller } from './access.js';
import { createAnswersPiece } from './answers-piece.js';
import { importComments } from './import-comments.js';
import { createQuestion } from './intake.js';
import { getQuestion, listQuestions } from './list.js';
import { toQuestionView, type QuestionView } from './model.js';
import { findPlan, planDeadline } from './plan-context.js';
import {
  AnswerSchema,
  AnswersPieceSchema,
  AssignSchema,
  CreatedQuestionSchema,
  DeadlineSchema,
  DiscardSchema,
  DuplicateSchema,
  ImportResultSchema,
  ImportSchema,
  QuestionCreateSchema,
  QuestionListQuery,
  QuestionListSchema,
  QuestionSchema,
} from './schemas.js';
import {
  answerQuestion,
  approveQuestion,
  assignQuestion,
  discardQuestion,
  markDuplicate,
  publishQuestion,
  restoreQuestion,
  setAnswerDeadlineDays,
  undoDuplicate,
  unpublishQuestion,
} from './workflow.js';

/**
 * Citizens' questions in the JSON API (mounted under /api): the staff's list and intake, the
 * workflow (assign, answer, approve, publish, discard, duplicates), comment imports, the answer
 * deadline and the answers piece. Access: src/auth/policy.ts, refined per department in access.ts.
 */
export const questionApiRoutes = createRouter();
const tags = ['Preguntas ciudadanas'];
const more = { 409: errorResponses[400], 422: errorResponses[400] };
const body = <T extends z.ZodType>(schema: T) => ({ body: { content: { 'application/json': { schema } }, required: true } });

questionApiRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/plans/{id}/questions',
    tags,
    summary: 'Preguntas ciudadanas del plan (filtros por estado, fuente, dependencia, tema, vencidas y texto), con conteos y plazo',
    request: { params: IdParam, query: QuestionListQuery },
    responses: { 200: json(QuestionListSchema, 'Preguntas'), ...errorResponses },
  }),
  async (c) => {
    const { limit, offset, ...filters } = c.req.valid('query');
    const list = await listQuestions({ db: c.var.db, by: callerOf(c.var.auth), planId: c.req.valid('param').id, filters: { ...filters, limit, offset } });
    const hearing = list.deadline.hearing;
    return c.json({ ...list, deadline: { ...list.deadline, hearing: hearing && { ...hearing, startsAt: hearing.startsAt.toISOString() } } }, 200);
  },
);

questionApiRoutes.openapi(
  createRoute({
    method: 'post',
    path: '/plans/{id}/questions',
    tags,
    summary: 'Registra una pregunta de una tarjeta de la audiencia (con su número) o recibida por la oficina; si repite otra, queda como duplicada',
    request: { params: IdParam, ...body(QuestionCreateSchema) },
    responses: { 201: json(CreatedQuestionSchema, 'Pregunta registrada'), ...errorResponses, ...more },
  }),
  async (c) => {
    const by = callerOf(c.var.auth);
    requireCan(questionCan.manage(by), 'Solo la oficina de comunicaciones registra preguntas.');
    const planId = c.req.valid('param').id;
    const created = await createQuestion({ db: c.var.db, actor: c.var.actor, input: { planId, ...c.req.valid('json') } });
    return c.json({ question: await view(c, created.question), duplicateOf: created.duplicateOf }, 201);
  },
);

questionApiRoutes.openapi(
  createRoute({
    method: 'put',
    path: '/plans/{id}/answer-deadline',
    tags,
    summary: 'Cambia el plazo legal de respuesta (días después de la audiencia pública)',
    request: { params: IdParam, ...body(DeadlineSchema) },
    responses: { 200: json(z.object({ answerDeadlineDays: z.number().int() }), 'Plazo guardado'), ...errorResponses },
  }),
  async (c) => {
    const plan = await setAnswerDeadlineDays({ db: c.var.db, actor: c.var.actor, by: callerOf(c.var.auth), planId: c.req.valid('param').id, days: c.req.valid('json').answerDeadlineDays });
    return c.json({ answerDeadlineDays: plan.answerDeadlineDays }, 200);
  },
);

questionApiRoutes.openapi(
  createRoute({
    method: 'post',
    path: '/plans/{id}/questions/import',
    tags,
    summary: 'Importa como preguntas los comentarios de una publicación (X, YouTube, Facebook) o de la transmisión en vivo de un evento',
    request: { params: IdParam, ...body(ImportSchema) },
    responses: { 200: json(ImportResultSchema, 'Resultado (si la red detuvo la importación, lo importado queda y `stoppedBy` dice por qué)'), ...errorResponses, ...more },
  }),
  async (c) => {
    const result = await importComments(
      { db: c.var.db, box: c.var.secrets, settings: c.var.config.channels, actor: c.var.actor, by: callerOf(c.var.auth), timeZone: c.var.config.timeZone },
      c.req.valid('param').id,
      c.req.valid('json'),
    );
    return c.json(result, 200);
  },
);

questionApiRoutes.openapi(
  createRoute({
    method: 'post',
    path: '/plans/{id}/questions/piece',
    tags,
    summary: 'Crea una pieza en borrador con las respuestas elegidas: hilo de X (una publicación por respuesta) con tarjetas de pregunta y respuesta',
    request: { params: IdParam, ...body(AnswersPieceSchema) },
    responses: { 201: json(PieceSchema, 'Pieza creada'), ...errorResponses, ...more },
  }),
  async (c) => {
    const { piece } = await createAnswersPiece({
      db: c.var.db,
      media: c.var.media,
      actor: c.var.actor,
      by: callerOf(c.var.auth),
      planId: c.req.valid('param').id,
      questionIds: c.req.valid('json').questionIds,
      timeZone: c.var.config.timeZone,
      publicUrl: c.var.config.channels.publicUrl,
    });
    return c.json(piece, 201);
  },
);

questionApiRoutes.openapi(
  createRoute({ method: 'get', path: '/questions/{id}', tags, summary: 'Una pregunta', request: { params: IdParam }, responses: { 200: json(QuestionSchema, 'Pregunta'), ...errorResponses } }),
  async (c) => {
    const detail = await getQuestion({ db: c.var.db, by: callerOf(c.var.auth), id: c.req.valid('param').id });
    return c.json(pickView(detail), 200);
  },
);

type Deps = { db: AppEnv['Variables']['db']; actor: AppEnv['Variables']['actor']; by: QuestionCaller; id: string };
const deps = (c: Context<AppEnv>): Deps => ({ db: c.var.db, actor: c.var.actor, by: callerOf(c.var.auth), id: c.req.param('id')! });
const changed = { 200: json(QuestionSchema, 'Pregunta en su nuevo estado'), ...errorResponses, ...more, 403: errorResponses[400] };
const route = (method: 'post' | 'put', name: string, summary: string) => ({ method, path: `/questions/{id}/${name}`, tags, summary, responses: changed });

questionApiRoutes.openapi(
  createRoute({ ...route('post', 'assign', 'Asigna la dependencia que responde (y el tema)'), request: { params: IdParam, ...body(AssignSchema) } }),
  async (c) => c.json(await view(c, await assignQuestion({ ...deps(c), ...c.req.valid('json') })), 200),
);
questionApiRoutes.openapi(
  createRoute({ ...route('put', 'answer', 'Escribe o corrige la respuesta (borrador); una corrección retira las aprobaciones'), request: { params: IdParam, ...body(AnswerSchema) } }),
  async (c) => c.json(await view(c, await answerQuestion({ ...deps(c), answer: c.req.valid('json').answer })), 200),
);
questionApiRoutes.openapi(
  createRoute({ ...route('post', 'approve', 'Aprueba la respuesta como oficina (aprobador) o como la dependencia asignada; queda aprobada con las dos, en cualquier orden'), request: { params: IdParam } }),
  async (c) => c.json(await view(c, await approveQuestion(deps(c))), 200),
);
questionApiRoutes.openapi(
  createRoute({ ...route('post', 'publish', 'Publica la respuesta aprobada en /participa/respuestas'), request: { params: IdParam } }),
  async (c) => c.json(await view(c, await publishQuestion(deps(c))), 200),
);
questionApiRoutes.openapi(
  createRoute({ ...route('post', 'unpublish', 'Retira la respuesta de /participa/respuestas (sigue aprobada)'), request: { params: IdParam } }),
  async (c) => c.json(await view(c, await unpublishQuestion(deps(c))), 200),
);
questionApiRoutes.openapi(
  createRoute({ ...route('post', 'discard', 'Descarta la pregunta (fuera de alcance), con el motivo'), request: { params: IdParam, ...body(DiscardSchema) } }),
  async (c) => c.json(await view(c, await discardQuestion({ ...deps(c), reason: c.req.valid('json').reason })), 200),
);
questionApiRoutes.openapi(
  createRoute({ ...route('post', 'restore', 'Restaura una pregunta descartada'), request: { params: IdParam } }),
  async (c) => c.json(await view(c, await restoreQuestion(deps(c))), 200),
);
questionApiRoutes.openapi(
  createRoute({ ...route('post', 'duplicate', 'Marca la pregunta como duplicada de otra del mismo plan'), request: { params: IdParam, ...body(DuplicateSchema) } }),
  async (c) => c.json(await view(c, await markDuplicate({ ...deps(c), of: c.req.valid('json').of })), 200),
);
questionApiRoutes.openapi(
  createRoute({ ...route('post', 'not-duplicate', 'Deshace la marca de duplicada'), request: { params: IdParam } }),
  async (c) => c.json(await view(c, await undoDuplicate(deps(c))), 200),
);

/** A stored question as the API gives it, with its department's name and deadline. */
async function view(c: Context<AppEnv>, row: Parameters<typeof toQuestionView>[0]): Promise<QuestionView> {
  const db = c.var.db;
  const plan = await findPlan(db, row.planId);
  const deadline = await planDeadline(db, plan, new Date());
  const department = row.departmentId ? await db.department.findUnique({ where: { id: row.departmentId }, select: { name: true } }) : null;
  return withoutPersonalData(callerOf(c.var.auth), toQuestionView({ ...row, departmentName: department?.name ?? null }, deadline));
}

function pickView(detail: QuestionView): QuestionView {
  const keys = Object.keys(QuestionSchema.shape) as (keyof QuestionView)[];
  return Object.fromEntries(keys.map((k) => [k, detail[k]])) as QuestionView;
}
