import { csvAttachment } from '../http/csv-response.js';
import { Hono, type Context } from 'hono';
import { createSurveyAnnouncement } from '../dialogue/surveys/announce.js';
import { isQuestionKind, linesOf, type QuestionKind } from '../dialogue/surveys/questions.js';
import { resultsCsv, responsesCsv, surveyCsvFileName, surveyResults, surveyTopics, topicsCsv } from '../dialogue/surveys/results.js';
import { QuestionInputSchema, QuestionUpdateSchema, SurveyCreateSchema, SurveyDuplicateSchema, SurveyUpdateSchema } from '../dialogue/surveys/schemas.js';
import {
  addQuestion,
  createSurvey,
  deleteSurvey,
  duplicateSurvey,
  findSurvey,
  getSurveyView,
  listSurveys,
  moveQuestion,
  publishSurvey,
  removeQuestion,
  toSurveyView,
  unpublishSurvey,
  updateQuestion,
  updateSurvey,
} from '../dialogue/surveys/surveys.js';
import { AppError, notFound } from '../errors.js';
import type { AppEnv } from '../http/env.js';
import { toAppError } from '../http/errors.js';
import { fromLocalDateTime } from '../lib/dates.js';
import { renderPage } from './page.js';
import { SurveyBuilderPage, SurveyListPage, SurveyResultsPage, SurveyTopicsPage, type FailedForm, type QuestionFormValues } from './survey-pages.js';

/**
 * The office's survey pages (src/web/survey-pages.tsx). Forms post here and come back to the
 * page: a refused change draws the page again with the Spanish message and what was typed
 * (422, or 409 when the survey's answers protect it).
 */
export const surveyWebRoutes = new Hono<AppEnv>();

type Form = Record<string, string | File | (string | File)[]>;
const text = (form: Form, key: string): string | undefined => {
  const v = form[key];
  return typeof v === 'string' ? v : undefined;
};

const opts = (c: Context<AppEnv>) => ({ publicUrl: c.var.config.channels.publicUrl, now: new Date() });

/** A refused form's status: 409 when the survey's answers protect it, else 422. */
const refusedStatus = (code: string) => (code === 'conflict' ? 409 : 422);

async function listPage(c: Context<AppEnv>, failed?: { error: string; values: Record<string, string> }) {
  const db = c.var.db;
  const [surveys, plans] = await Promise.all([listSurveys(db, opts(c)), db.plan.findMany({ orderBy: { createdAt: 'desc' }, select: { id: true, title: true } })]);
  return renderPage(c, <SurveyListPage surveys={surveys} plans={plans} timeZone={c.var.config.timeZone} error={failed?.error} values={failed?.values} />, failed ? 422 : 200);
}

async function builderPage(c: Context<AppEnv>, id: string, o: { failed?: FailedForm; notice?: string; status?: 200 | 409 | 422 } = {}) {
  const db = c.var.db;
  const survey = await getSurveyView(db, id, opts(c));
  const plan = await db.plan.findUniqueOrThrow({ where: { id: survey.planId }, select: { id: true, title: true } });
  const subcomponents = await db.subcomponent.findMany({
    where: { planId: plan.id },
    orderBy: { position: 'asc' },
    select: { name: true, activities: { orderBy: { position: 'asc' }, select: { id: true, description: true } } },
  });
  const activities = subcomponents.flatMap((s) => s.activities.map((a) => ({ id: a.id, label: a.description, subcomponent: s.name })));
  return renderPage(c, <SurveyBuilderPage survey={survey} plan={plan} activities={activities} timeZone={c.var.config.timeZone} failed={o.failed} notice={o.notice} />, o.status ?? 200);
}

/** Reads a `datetime-local` field in the office's zone: '' → null, absent → unchanged. */
function instantField(form: Form, key: string, label: string, timeZone: string): string | null | undefined {
  const value = text(form, key);
  if (value === undefined) return undefined;
  if (value.trim() === '') return null;
  const at = fromLocalDateTime(value, timeZone);
  if (!at) throw new AppError('unprocessable', `La fecha y hora de ${label} no es válida.`, { details: { field: key } });
  return at.toISOString();
}

function formValues(form: Form): Record<string, string> {
  return Object.fromEntries(Object.entries(form).filter((e): e is [string, string] => typeof e[1] === 'string'));
}

/** The question form's fields; the option fields only for the kind they belong to (and only when sent: a survey with answers locks them). */
function questionFields(form: Form, currentKind: QuestionKind | null) {
  const sentKind = text(form, 'kind');
  const kind = isQuestionKind(sentKind) ? sentKind : currentKind;
  const list = (key: string) => (text(form, key) === undefined ? undefined : linesOf(text(form, key)));
  const label = (key: string) => (text(form, key) === undefined ? undefined : text(form, key)!.trim() || null);
  return {
    kind: sentKind === undefined ? undefined : (sentKind as QuestionKind),
    prompt: text(form, 'prompt'),
    help: text(form, 'help') === undefined ? undefined : text(form, 'help')!.trim() || null,
    required: form['required'] !== undefined,
    isTopic: form['isTopic'] !== undefined,
    ...(kind === 'single_choice' || kind === 'multiple_choice' ? { choices: list('choices') } : {}),
    ...(kind === 'matrix' ? { rows: list('rows'), columns: list('columns') } : {}),
    ...(kind === 'scale' ? { minLabel: label('minLabel'), maxLabel: label('maxLabel') } : {}),
  };
}

function questionFormValuesOf(form: Form): QuestionFormValues {
  const kind = text(form, 'kind');
  return {
    kind: isQuestionKind(kind) ? kind : 'short_text',
    prompt: text(form, 'prompt') ?? '',
    help: text(form, 'help') ?? '',
    required: form['required'] !== undefined,
    isTopic: form['isTopic'] !== undefined,
    choices: text(form, 'choices') ?? '',
    rows: text(form, 'rows') ?? '',
    columns: text(form, 'columns') ?? '',
    minLabel: text(form, 'minLabel') ?? '',
    maxLabel: text(form, 'maxLabel') ?? '',
  };
}

// ---------------------------------------------------------------- list and creation

surveyWebRoutes.get('/encuestas', (c) => listPage(c));

surveyWebRoutes.post('/encuestas', async (c) => {
  const form = await c.req.parseBody();
  try {
    const fields = SurveyCreateSchema.parse({ planId: text(form, 'planId'), title: text(form, 'title'), purpose: text(form, 'purpose') || undefined });
    const survey = await createSurvey({ db: c.var.db, actor: c.var.actor, fields });
    return c.redirect(`/encuestas/${survey.id}`, 303);
  } catch (err) {
    return listPage(c, { error: toAppError(err).message, values: formValues(form) });
  }
});

// ---------------------------------------------------------------- the builder

surveyWebRoutes.get('/encuestas/:id', (c) => builderPage(c, c.req.param('id'), { notice: noticeOf(c.req.query('hecho')) }));

/** After a redirect, what was done (?hecho=…). */
function noticeOf(done: string | undefined): string | undefined {
  return (
    {
      guardada: 'Cambios guardados.',
      publicada: 'Encuesta publicada: ya recibe respuestas en su dirección pública (entre sus fechas de apertura y cierre).',
      borrador: 'La encuesta volvió a borrador: su dirección pública ya no la muestra.',
      copia: 'Esta es la copia, como borrador y sin respuestas.',
      pregunta: 'Pregunta guardada.',
    } as Record<string, string>
  )[done ?? ''];
}

/** Runs a change and goes back to the builder; a refusal draws the builder again with the message. */
async function change(c: Context<AppEnv>, id: string, run: () => Promise<string>, failedOf: (message: string) => FailedForm = (error) => ({ form: 'other', error })) {
  try {
    return c.redirect(await run(), 303);
  } catch (err) {
    const e = toAppError(err);
    if (e.code === 'not_found' || e.status >= 500) throw e;
    return builderPage(c, id, { failed: failedOf(e.message), status: refusedStatus(e.code) });
  }
}

surveyWebRoutes.post('/encuestas/:id', async (c) => {
  const id = c.req.param('id');
  const form = await c.req.parseBody();
  return change(
    c,
    id,
    async () => {
      const tz = c.var.config.timeZone;
      const slug = text(form, 'slug');
      const fields = SurveyUpdateSchema.parse({
        title: text(form, 'title'),
        description: text(form, 'description'),
        purpose: text(form, 'purpose'),
        activityId: text(form, 'activityId') === undefined ? undefined : text(form, 'activityId') || null,
        opensAt: instantField(form, 'opensAt', 'apertura', tz),
        closesAt: instantField(form, 'closesAt', 'cierre', tz),
        slug: slug === undefined ? undefined : slug.trim(),
      });
      await updateSurvey({ db: c.var.db, actor: c.var.actor, id, fields });
      return `/encuestas/${id}?hecho=guardada`;
    },
    (error) => ({ form: 'settings', values: formValues(form), error }),
  );
});

surveyWebRoutes.post('/encuestas/:id/publicar', (c) => {
  const id = c.req.param('id');
  return change(c, id, async () => {
    await publishSurvey({ db: c.var.db, actor: c.var.actor, id });
    return `/encuestas/${id}?hecho=publicada`;
  });
});

surveyWebRoutes.post('/encuestas/:id/despublicar', (c) => {
  const id = c.req.param('id');
  return change(c, id, async () => {
    await unpublishSurvey({ db: c.var.db, actor: c.var.actor, id });
    return `/encuestas/${id}?hecho=borrador`;
  });
});

surveyWebRoutes.post('/encuestas/:id/duplicar', async (c) => {
  const id = c.req.param('id');
  const form = await c.req.parseBody();
  return change(c, id, async () => {
    const fields = SurveyDuplicateSchema.parse({ title: text(form, 'title')?.trim() || undefined, purpose: text(form, 'purpose') || undefined });
    const copy = await duplicateSurvey({ db: c.var.db, actor: c.var.actor, id, fields });
    return `/encuestas/${copy.id}?hecho=copia`;
  });
});

surveyWebRoutes.post('/encuestas/:id/eliminar', (c) => {
  const id = c.req.param('id');
  return change(c, id, async () => {
    await deleteSurvey({ db: c.var.db, actor: c.var.actor, id });
    return '/encuestas';
  });
});

surveyWebRoutes.post('/encuestas/:id/anuncio', (c) => {
  const id = c.req.param('id');
  return change(c, id, async () => {
    const piece = await createSurveyAnnouncement({ db: c.var.db, actor: c.var.actor, surveyId: id, publicUrl: c.var.config.channels.publicUrl });
    return `/piezas/${piece.id}`;
  });
});

// ---------------------------------------------------------------- questions

surveyWebRoutes.post('/encuestas/:id/preguntas', async (c) => {
  const id = c.req.param('id');
  const form = await c.req.parseBody();
  return change(
    c,
    id,
    async () => {
      const fields = QuestionInputSchema.parse(questionFields(form, null));
      const q = await addQuestion({ db: c.var.db, actor: c.var.actor, surveyId: id, fields });
      return `/encuestas/${id}?hecho=pregunta#pregunta-${q.id}`;
    },
    (error) => ({ form: 'question', questionId: 'new', values: questionFormValuesOf(form), error }),
  );
});

surveyWebRoutes.post('/encuestas/:id/preguntas/:questionId', async (c) => {
  const id = c.req.param('id');
  const questionId = c.req.param('questionId');
  const form = await c.req.parseBody();
  const survey = await findSurvey(c.var.db, id);
  const current = survey.questions.find((q) => q.id === questionId);
  if (!current) throw notFound('la pregunta', questionId);
  return change(
    c,
    id,
    async () => {
      const fields = QuestionUpdateSchema.parse(questionFields(form, isQuestionKind(current.kind) ? current.kind : null));
      await updateQuestion({ db: c.var.db, actor: c.var.actor, surveyId: id, questionId, fields });
      return `/encuestas/${id}?hecho=pregunta#pregunta-${questionId}`;
    },
    (error) => {
      const values = questionFormValuesOf(form);
      // Locked fields are not sent: show the stored ones.
      const stored = toSurveyView(survey, { ...opts(c), responses: 0 }).questions.find((q) => q.id === questionId)!;
      if (text(form, 'kind') === undefined) Object.assign(values, { kind: stored.kind, choices: stored.choices.join('\n'), rows: stored.rows.join('\n'), columns: stored.columns.join('\n'), minLabel: stored.minLabel ?? '', maxLabel: stored.maxLabel ?? '' });
      return { form: 'question', questionId, values, error };
    },
  );
});

surveyWebRoutes.post('/encuestas/:id/preguntas/:questionId/mover', async (c) => {
  const id = c.req.param('id');
  const questionId = c.req.param('questionId');
  const direction = text(await c.req.parseBody(), 'direction') === 'up' ? 'up' : 'down';
  return change(c, id, async () => {
    await moveQuestion({ db: c.var.db, actor: c.var.actor, surveyId: id, questionId, direction });
    return `/encuestas/${id}#pregunta-${questionId}`;
  });
});

surveyWebRoutes.post('/encuestas/:id/preguntas/:questionId/eliminar', (c) => {
  const id = c.req.param('id');
  const questionId = c.req.param('questionId');
  return change(c, id, async () => {
    await removeQuestion({ db: c.var.db, actor: c.var.actor, surveyId: id, questionId });
    return `/encuestas/${id}#preguntas`;
  });
});

// ---------------------------------------------------------------- results, exports, systematization

surveyWebRoutes.get('/encuestas/:id/resultados', async (c) => {
  const { survey, results } = await surveyResults(c.var.db, c.req.param('id'), opts(c));
  return renderPage(c, <SurveyResultsPage survey={survey} results={results} timeZone={c.var.config.timeZone} />);
});

/** The live figures the results page asks for every 15 seconds. */
surveyWebRoutes.get('/encuestas/:id/resultados.json', async (c) => {
  const { results } = await surveyResults(c.var.db, c.req.param('id'), opts(c));
  c.header('Cache-Control', 'no-store');
  return c.json(results);
});

surveyWebRoutes.get('/encuestas/:id/respuestas.csv', async (c) => {
  const { survey, responses } = await surveyResults(c.var.db, c.req.param('id'), opts(c));
  return csvAttachment(c, responsesCsv(survey, responses, c.var.config.timeZone), surveyCsvFileName(survey.slug, 'respuestas'));
});

surveyWebRoutes.get('/encuestas/:id/resultados.csv', async (c) => {
  const { survey, results } = await surveyResults(c.var.db, c.req.param('id'), opts(c));
  return csvAttachment(c, resultsCsv(results), surveyCsvFileName(survey.slug, 'resultados'));
});

surveyWebRoutes.get('/encuestas/:id/sistematizacion', async (c) => {
  const { survey, ranking } = await surveyTopics(c.var.db, c.req.param('id'), opts(c));
  return renderPage(c, <SurveyTopicsPage survey={survey} ranking={ranking} />);
});

surveyWebRoutes.get('/encuestas/:id/sistematizacion.csv', async (c) => {
  const { survey, ranking } = await surveyTopics(c.var.db, c.req.param('id'), opts(c));
  return csvAttachment(c, topicsCsv(ranking), surveyCsvFileName(survey.slug, 'temas'));
});
