import { currentPlan } from '../dialogue/questions/plan-context.js';
import { Hono, type Context } from 'hono';
import { callerOf, questionCan, requireCan } from '../dialogue/questions/access.js';
import { QuestionCreateSchema } from '../dialogue/questions/schemas.js';
import { createAnswersPiece } from '../dialogue/questions/answers-piece.js';
import { importablePublications, importComments, type ImportResult } from '../dialogue/questions/import-comments.js';
import { createQuestion } from '../dialogue/questions/intake.js';
import { getQuestion, listQuestions, type QuestionFilters } from '../dialogue/questions/list.js';
import { isQuestionSource, isQuestionStatus } from '../dialogue/questions/model.js';
import { findPlan, hearingOf, topicChoices } from '../dialogue/questions/plan-context.js';
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
} from '../dialogue/questions/workflow.js';
import { AppError } from '../errors.js';
import type { AppEnv } from '../http/env.js';
import { toAppError } from '../http/errors.js';
import { renderPage } from './page.js';
import { QuestionListPage, QuestionPage } from './question-pages.js';

/**
 * The staff's pages of citizens' questions: /planes/:id/preguntas (list, deadline, intake,
 * imports, "Crear pieza") and /preguntas/:id (one question's workflow). Forms post back and
 * redirect (303); a refused change shows the page again with the reason (422). Access:
 * src/auth/policy.ts, refined per department in src/dialogue/questions/access.ts.
 */
export const questionWebRoutes = new Hono<AppEnv>();

const PER_PAGE = 50;

async function departmentsOf(c: Context<AppEnv>) {
  return c.var.db.department.findMany({ orderBy: { name: 'asc' }, select: { id: true, name: true } });
}

function filtersOf(c: Context<AppEnv>): QuestionFilters {
  const q = (name: string) => (c.req.query(name) ?? '').trim();
  return {
    ...(isQuestionStatus(q('estado')) ? { status: q('estado') as QuestionFilters['status'] } : {}),
    ...(isQuestionSource(q('fuente')) ? { source: q('fuente') as QuestionFilters['source'] } : {}),
    ...(q('dependencia') ? { departmentId: q('dependencia') } : {}),
    ...(q('tema') ? { topic: q('tema').slice(0, 100) } : {}),
    ...(q('vencidas') === '1' ? { overdue: true } : {}),
    ...(q('q') ? { q: q('q').slice(0, 200) } : {}),
  };
}

async function listPage(c: Context<AppEnv>, planId: string, extra: { notice?: string | null; error?: string | null; importResult?: ImportResult | null } = {}, status: 200 | 422 = 200) {
  const db = c.var.db;
  const by = callerOf(c.var.auth);
  const filters = filtersOf(c);
  const requested = Number(c.req.query('pagina') ?? '1');
  const page = Number.isInteger(requested) && requested > 0 ? requested : 1;
  const list = await listQuestions({ db, by, planId, filters: { ...filters, limit: PER_PAGE, offset: (page - 1) * PER_PAGE } });
  const [departments, topics, importable, hearing] = await Promise.all([departmentsOf(c), topicChoices(db, planId), importablePublications(db, planId), hearingOf(db, planId)]);
  return renderPage(
    c,
    <QuestionListPage
      list={list}
      filters={filters}
      page={page}
      perPage={PER_PAGE}
      by={by}
      departments={departments}
      topics={topics}
      importable={importable}
      broadcast={hearing?.broadcastId ? { eventId: hearing.id, title: hearing.title } : null}
      timeZone={c.var.config.timeZone}
      {...extra}
    />,
    status,
  );
}

/** The nav's "Preguntas": the current plan's questions. */
questionWebRoutes.get('/preguntas', async (c) => {
  const plan = await currentPlan(c.var.db);
  return c.redirect(plan ? `/planes/${plan.id}/preguntas` : '/planes', 302);
});

questionWebRoutes.get('/planes/:id/preguntas', (c) => {
  const notice = c.req.query('guardado') === 'plazo' ? 'Plazo de respuesta guardado.' : null;
  return listPage(c, c.req.param('id'), { notice });
});

/** A form post on the list: success → redirect; a refusal → the list again with the reason. */
async function onList(c: Context<AppEnv>, run: () => Promise<Response>) {
  const planId = c.req.param('id')!;
  try {
    return await run();
  } catch (err) {
    const e = toAppError(err);
    if (e.code === 'not_found' || e.code === 'forbidden') throw e;
    return listPage(c, planId, { error: e.message }, 422);
  }
}

questionWebRoutes.post('/planes/:id/preguntas', (c) =>
  onList(c, async () => {
    const by = callerOf(c.var.auth);
    const form = await c.req.parseBody();
    const value = (name: string) => (typeof form[name] === 'string' && (form[name] as string).trim() !== '' ? (form[name] as string) : null);
    const input = QuestionCreateSchema.parse({
      source: value('source') ?? 'staff',
      sourceRef: value('source') === 'hearing_card' ? value('sourceRef') : null,
      text: value('text') ?? '',
      topic: value('topic'),
      authorName: value('authorName'),
      contact: value('contact'),
      departmentId: value('departmentId'),
    });
    requireCan(questionCan.manage(by), 'Solo la oficina de comunicaciones registra preguntas.');
    const { question } = await createQuestion({ db: c.var.db, actor: c.var.actor, input: { planId: c.req.param('id'), ...input } });
    return c.redirect(`/preguntas/${question.id}`, 303);
  }),
);

questionWebRoutes.post('/planes/:id/preguntas/plazo', (c) =>
  onList(c, async () => {
    const form = await c.req.parseBody();
    const days = Number(form['answerDeadlineDays']);
    await setAnswerDeadlineDays({ db: c.var.db, actor: c.var.actor, by: callerOf(c.var.auth), planId: c.req.param('id'), days });
    return c.redirect(`/planes/${c.req.param('id')}/preguntas?guardado=plazo#plazo`, 303);
  }),
);

questionWebRoutes.post('/planes/:id/preguntas/importar', (c) =>
  onList(c, async () => {
    const form = await c.req.parseBody();
    const publicationId = typeof form['publicationId'] === 'string' ? form['publicationId'] : '';
    const eventId = typeof form['eventId'] === 'string' ? form['eventId'] : '';
    if (!publicationId && !eventId) throw new AppError('bad_request', 'Elija la publicación cuyos comentarios quiere importar.');
    const result = await importComments(
      { db: c.var.db, box: c.var.secrets, settings: c.var.config.channels, actor: c.var.actor, by: callerOf(c.var.auth), timeZone: c.var.config.timeZone },
      c.req.param('id'),
      publicationId ? { publicationId } : { eventId },
    );
    return listPage(c, c.req.param('id'), { importResult: result }, result.complete ? 200 : 422);
  }),
);

questionWebRoutes.post('/planes/:id/preguntas/pieza', (c) =>
  onList(c, async () => {
    const form = await c.req.parseBody({ all: true });
    const raw = form['questionIds'];
    const questionIds = (Array.isArray(raw) ? raw : raw === undefined ? [] : [raw]).filter((v): v is string => typeof v === 'string' && v !== '');
    const { piece } = await createAnswersPiece({
      db: c.var.db,
      media: c.var.media,
      actor: c.var.actor,
      by: callerOf(c.var.auth),
      planId: c.req.param('id'),
      questionIds,
      timeZone: c.var.config.timeZone,
      publicUrl: c.var.config.channels.publicUrl,
    });
    return c.redirect(`/piezas/${piece.id}`, 303);
  }),
);

// ---------------------------------------------------------------- one question

async function questionPage(c: Context<AppEnv>, id: string, error: string | null = null, status: 200 | 422 = 200) {
  const by = callerOf(c.var.auth);
  const q = await getQuestion({ db: c.var.db, by, id });
  await findPlan(c.var.db, q.planId);
  const [departments, topics] = await Promise.all([departmentsOf(c), topicChoices(c.var.db, q.planId)]);
  return renderPage(c, <QuestionPage q={q} by={by} departments={departments} topics={topics} timeZone={c.var.config.timeZone} error={error} />, status);
}

questionWebRoutes.get('/preguntas/:id', (c) => questionPage(c, c.req.param('id')));

type Form = Record<string, string | File>;
const text = (form: Form, name: string) => (typeof form[name] === 'string' ? (form[name] as string) : '');

/** One workflow button or form: run it, then back to the question (or its page with the reason). */
function step(name: string, run: (c: Context<AppEnv>, form: Form, deps: { db: AppEnv['Variables']['db']; actor: AppEnv['Variables']['actor']; by: ReturnType<typeof callerOf>; id: string }) => Promise<unknown>) {
  questionWebRoutes.post(`/preguntas/:id/${name}`, async (c) => {
    const id = c.req.param('id');
    const form = await c.req.parseBody();
    try {
      await run(c, form, { db: c.var.db, actor: c.var.actor, by: callerOf(c.var.auth), id });
      return c.redirect(`/preguntas/${id}`, 303);
    } catch (err) {
      const e = toAppError(err);
      if (e.code === 'not_found') throw e;
      return questionPage(c, id, e.message, 422);
    }
  });
}

step('asignar', (_c, form, d) => {
  const departmentId = text(form, 'departmentId');
  if (!departmentId) throw new AppError('validation_failed', 'Elija la dependencia que responde.');
  return assignQuestion({ ...d, departmentId, topic: text(form, 'topic') || null });
});
step('respuesta', (_c, form, d) => answerQuestion({ ...d, answer: text(form, 'answer') }));
step('aprobar', (_c, _form, d) => approveQuestion(d));
step('publicar', (_c, _form, d) => publishQuestion(d));
step('retirar', (_c, _form, d) => unpublishQuestion(d));
step('descartar', (_c, form, d) => discardQuestion({ ...d, reason: text(form, 'reason') }));
step('restaurar', (_c, _form, d) => restoreQuestion(d));
step('duplicada', (_c, form, d) => markDuplicate({ ...d, of: text(form, 'of') }));
step('no-duplicada', (_c, _form, d) => undoDuplicate(d));
