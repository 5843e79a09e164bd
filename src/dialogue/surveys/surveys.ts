import { writeAudit, type Actor } from '../../audit/write-audit.js';
import { slugify } from '../../channels/website/slug.js';
import type { Db, DbOrTx, Tx } from '../../db/client.js';
import { AppError } from '../../errors.js';
import type { Survey, SurveyQuestion } from '../../generated/prisma/client.js';
import { canBeTopic, optionsJson, optionsProblem, toQuestionView, type QuestionView } from './questions.js';
import { surveyPurposes, type QuestionInput, type QuestionUpdate, type SurveyCreate, type SurveyPurpose, type SurveyState, type SurveyStatus, type SurveyUpdate } from './schemas.js';

/**
 * The survey builder: surveys of a plan, their questions (six kinds), publishing and
 * duplicating. Every change writes its audit entry in the same transaction.
 *
 * Once a survey has answers, what the answers mean is fixed: its questions cannot be removed,
 * and their kind and options (choices, matrix rows and columns, scale labels) cannot change.
 * Wording, help, order and new questions are still allowed; for anything else, duplicate it.
 */

export type SurveyRow = Survey & { questions: SurveyQuestion[] };

export type SurveyView = {
  id: string;
  planId: string;
  activityId: string | null;
  slug: string;
  title: string;
  description: string;
  purpose: SurveyPurpose;
  status: SurveyStatus;
  state: SurveyState;
  opensAt: string | null;
  closesAt: string | null;
  publicUrl: string;
  responses: number;
  questions: QuestionView[];
  createdAt: string;
  updatedAt: string;
};

/** What a citizen finds now: a draft, not open yet, open, or closed. */
export function surveyState(s: { status: string; opensAt: Date | null; closesAt: Date | null }, now: Date): SurveyState {
  if (s.status !== 'published') return 'draft';
  if (s.opensAt && now < s.opensAt) return 'scheduled';
  if (s.closesAt && now >= s.closesAt) return 'closed';
  return 'open';
}

/** The survey's public address. */
export function surveyPublicUrl(publicUrl: string, slug: string): string {
  return `${publicUrl.replace(/\/+$/, '')}/participa/encuestas/${slug}`;
}

const purposeOf = (p: string): SurveyPurpose => ((surveyPurposes as readonly string[]).includes(p) ? (p as SurveyPurpose) : 'other');

export function toSurveyView(s: SurveyRow, o: { publicUrl: string; now: Date; responses: number }): SurveyView {
  return {
    id: s.id,
    planId: s.planId,
    activityId: s.activityId,
    slug: s.slug,
    title: s.title,
    description: s.description,
    purpose: purposeOf(s.purpose),
    status: s.status === 'published' ? 'published' : 'draft',
    state: surveyState(s, o.now),
    opensAt: s.opensAt?.toISOString() ?? null,
    closesAt: s.closesAt?.toISOString() ?? null,
    publicUrl: surveyPublicUrl(o.publicUrl, s.slug),
    responses: o.responses,
    questions: [...s.questions].sort((a, b) => a.position - b.position).map(toQuestionView),
    createdAt: s.createdAt.toISOString(),
    updatedAt: s.updatedAt.toISOString(),
  };
}

/** The survey as the audit trail keeps it (without its questions, audited one by one). */
function surveyAudit(s: Survey) {
  return {
    planId: s.planId,
    activityId: s.activityId,
    slug: s.slug,
    title: s.title,
    description: s.description,
    purpose: s.purpose,
    status: s.status,
    opensAt: s.opensAt?.toISOString() ?? null,
    closesAt: s.closesAt?.toISOString() ?? null,
  };
}

function questionAudit(q: QuestionView) {
  const { id: _id, ...rest } = q;
  return rest;
}

export async function findSurvey(db: DbOrTx, id: string): Promise<SurveyRow> {
  const survey = await db.survey.findUnique({ where: { id }, include: { questions: { orderBy: { position: 'asc' } } } });
  if (!survey) throw new AppError('not_found', `No existe la encuesta con id ${id}.`, { details: { id } });
  return survey;
}

export async function getSurveyView(db: DbOrTx, id: string, o: { publicUrl: string; now: Date }): Promise<SurveyView> {
  const survey = await findSurvey(db, id);
  return toSurveyView(survey, { ...o, responses: await db.surveyResponse.count({ where: { surveyId: id } }) });
}

export type SurveyListItem = Omit<SurveyView, 'questions'> & { questionCount: number; planTitle: string };

/** Surveys, newest first; of one plan when given. */
export async function listSurveys(db: Db, o: { planId?: string; publicUrl: string; now: Date }): Promise<SurveyListItem[]> {
  const rows = await db.survey.findMany({
    where: o.planId ? { planId: o.planId } : {},
    orderBy: [{ createdAt: 'desc' }],
    include: { plan: { select: { title: true } }, _count: { select: { questions: true, responses: true } } },
  });
  return rows.map(({ plan, _count, ...s }) => {
    const { questions: _q, ...view } = toSurveyView({ ...s, questions: [] }, { publicUrl: o.publicUrl, now: o.now, responses: _count.responses });
    return { ...view, questionCount: _count.questions, planTitle: plan.title };
  });
}

// ---------------------------------------------------------------- checks

const unprocessable = (message: string, field: string) => new AppError('unprocessable', message, { details: { field } });

async function checkActivity(tx: Tx, planId: string, activityId: string | null | undefined) {
  if (!activityId) return;
  const activity = await tx.activity.findUnique({ where: { id: activityId }, select: { subcomponent: { select: { planId: true } } } });
  if (!activity || activity.subcomponent.planId !== planId) throw unprocessable('La actividad elegida no existe en el plan de esta encuesta.', 'activityId');
}

function checkDates(opensAt: Date | null, closesAt: Date | null) {
  if (opensAt && closesAt && closesAt <= opensAt) throw unprocessable('La encuesta cierra antes de abrir: la fecha de cierre debe ser posterior a la de apertura.', 'closesAt');
}

async function uniqueSlug(tx: Tx, title: string, exceptId?: string): Promise<string> {
  const base = slugify(title, 60) || 'encuesta';
  for (let n = 1; ; n++) {
    const slug = n === 1 ? base : `${base}-${n}`;
    const taken = await tx.survey.findUnique({ where: { slug }, select: { id: true } });
    if (!taken || taken.id === exceptId) return slug;
  }
}

async function checkSlugFree(tx: Tx, slug: string, exceptId?: string) {
  const taken = await tx.survey.findUnique({ where: { slug }, select: { id: true } });
  if (taken && taken.id !== exceptId) throw new AppError('conflict', `Ya hay una encuesta en la dirección /participa/encuestas/${slug}: elija otra.`, { details: { field: 'slug' } });
}

const responseCount = (tx: DbOrTx, surveyId: string) => tx.surveyResponse.count({ where: { surveyId } });

// ---------------------------------------------------------------- surveys

export async function createSurvey({ db, actor, fields }: { db: Db; actor: Actor; fields: SurveyCreate }): Promise<SurveyRow> {
  return db.$transaction(async (tx) => {
    const plan = await tx.plan.findUnique({ where: { id: fields.planId }, select: { id: true } });
    if (!plan) throw unprocessable(`No existe el plan con id ${fields.planId}.`, 'planId');
    await checkActivity(tx, fields.planId, fields.activityId);
    const opensAt = fields.opensAt ? new Date(fields.opensAt) : null;
    const closesAt = fields.closesAt ? new Date(fields.closesAt) : null;
    checkDates(opensAt, closesAt);
    if (fields.slug) await checkSlugFree(tx, fields.slug);
    const survey = await tx.survey.create({
      data: {
        planId: fields.planId,
        activityId: fields.activityId ?? null,
        slug: fields.slug ?? (await uniqueSlug(tx, fields.title)),
        title: fields.title,
        description: fields.description ?? '',
        purpose: fields.purpose ?? 'topics',
        opensAt,
        closesAt,
        createdById: actor.userId,
      },
    });
    await writeAudit(tx, actor, { action: 'create', entityType: 'Survey', entityId: survey.id, after: surveyAudit(survey) });
    return findSurvey(tx, survey.id);
  });
}

export async function updateSurvey({ db, actor, id, fields }: { db: Db; actor: Actor; id: string; fields: SurveyUpdate }): Promise<SurveyRow> {
  return db.$transaction(async (tx) => {
    const current = await findSurvey(tx, id);
    if (fields.activityId !== undefined) await checkActivity(tx, current.planId, fields.activityId);
    const opensAt = fields.opensAt === undefined ? current.opensAt : fields.opensAt ? new Date(fields.opensAt) : null;
    const closesAt = fields.closesAt === undefined ? current.closesAt : fields.closesAt ? new Date(fields.closesAt) : null;
    checkDates(opensAt, closesAt);
    if (fields.slug !== undefined && fields.slug !== current.slug) {
      if (current.status === 'published') {
        throw new AppError('conflict', 'La dirección de una encuesta publicada no se puede cambiar: los enlaces ya compartidos dejarían de funcionar.', { details: { field: 'slug' } });
      }
      await checkSlugFree(tx, fields.slug, id);
    }
    const updated = await tx.survey.update({
      where: { id },
      data: {
        title: fields.title,
        description: fields.description,
        purpose: fields.purpose,
        activityId: fields.activityId,
        slug: fields.slug,
        opensAt,
        closesAt,
      },
    });
    await writeAudit(tx, actor, { action: 'update', entityType: 'Survey', entityId: id, before: surveyAudit(current), after: surveyAudit(updated) });
    return findSurvey(tx, id);
  });
}

/** Deletes a survey that has no answers (answers are never thrown away). */
export async function deleteSurvey({ db, actor, id }: { db: Db; actor: Actor; id: string }): Promise<void> {
  await db.$transaction(async (tx) => {
    const current = await findSurvey(tx, id);
    const responses = await responseCount(tx, id);
    if (responses > 0) {
      throw new AppError('conflict', `La encuesta tiene ${responses === 1 ? '1 respuesta' : `${responses} respuestas`} de la ciudadanía y no se puede eliminar: las respuestas recibidas se conservan.`);
    }
    await tx.survey.delete({ where: { id } });
    await writeAudit(tx, actor, { action: 'delete', entityType: 'Survey', entityId: id, before: { ...surveyAudit(current), questions: current.questions.map(toQuestionView).map(questionAudit) } });
  });
}

/**
 * Publishes a survey: from then on its address answers, between its opening and closing
 * times. It needs questions, and a topics survey needs its topic question.
 */
export async function publishSurvey({ db, actor, id, now = new Date() }: { db: Db; actor: Actor; id: string; now?: Date }): Promise<SurveyRow> {
  return db.$transaction(async (tx) => {
    const current = await findSurvey(tx, id);
    if (current.status === 'published') throw new AppError('conflict', 'La encuesta ya está publicada.');
    const questions = current.questions.map(toQuestionView);
    if (questions.length === 0) throw unprocessable('Agregue al menos una pregunta antes de publicar la encuesta.', 'questions');
    for (const q of questions) {
      const problem = optionsProblem(q.kind, q);
      if (problem) throw unprocessable(`La pregunta ${q.position} («${q.prompt}») no está completa: ${problem}`, 'questions');
    }
    if (current.purpose === 'topics' && !questions.some((q) => q.isTopic)) {
      throw unprocessable('Una encuesta de temas para la audiencia necesita su pregunta de temas: marque «Pregunta de temas» en la pregunta cuyas respuestas se sistematizarán.', 'questions');
    }
    if (current.closesAt && current.closesAt <= now) throw unprocessable('La fecha de cierre ya pasó: cámbiela antes de publicar la encuesta.', 'closesAt');
    const updated = await tx.survey.update({ where: { id }, data: { status: 'published' } });
    await writeAudit(tx, actor, { action: 'publish', entityType: 'Survey', entityId: id, before: surveyAudit(current), after: surveyAudit(updated) });
    return findSurvey(tx, id);
  });
}

/** Back to draft (off the public address), only while nobody has answered. */
export async function unpublishSurvey({ db, actor, id }: { db: Db; actor: Actor; id: string }): Promise<SurveyRow> {
  return db.$transaction(async (tx) => {
    const current = await findSurvey(tx, id);
    if (current.status !== 'published') throw new AppError('conflict', 'La encuesta no está publicada.');
    if ((await responseCount(tx, id)) > 0) {
      throw new AppError('conflict', 'La encuesta ya tiene respuestas y no puede volver a borrador. Si ya no debe recibir más, ponga como fecha de cierre la hora actual.');
    }
    const updated = await tx.survey.update({ where: { id }, data: { status: 'draft' } });
    await writeAudit(tx, actor, { action: 'unpublish', entityType: 'Survey', entityId: id, before: surveyAudit(current), after: surveyAudit(updated) });
    return findSurvey(tx, id);
  });
}

/**
 * A draft copy of a survey with all its questions (no answers, no dates), e.g. the perception
 * survey started from last year's, or a changed version of a survey that already has answers.
 */
export async function duplicateSurvey({ db, actor, id, fields = {} }: { db: Db; actor: Actor; id: string; fields?: { title?: string; purpose?: SurveyPurpose } }): Promise<SurveyRow> {
  return db.$transaction(async (tx) => {
    const source = await findSurvey(tx, id);
    const title = fields.title ?? `Copia de ${source.title}`.slice(0, 200);
    const copy = await tx.survey.create({
      data: {
        planId: source.planId,
        activityId: source.activityId,
        slug: await uniqueSlug(tx, title),
        title,
        description: source.description,
        purpose: fields.purpose ?? source.purpose,
        createdById: actor.userId,
      },
    });
    await tx.surveyQuestion.createMany({
      data: source.questions.map((q) => ({ surveyId: copy.id, position: q.position, kind: q.kind, prompt: q.prompt, help: q.help, required: q.required, options: q.options, isTopic: q.isTopic })),
    });
    await writeAudit(tx, actor, { action: 'duplicate', entityType: 'Survey', entityId: copy.id, after: { ...surveyAudit(copy), copiedFrom: source.id, questions: source.questions.length } });
    return findSurvey(tx, copy.id);
  });
}

// ---------------------------------------------------------------- questions

type MergedQuestion = Omit<QuestionView, 'id' | 'position'>;

function mergeQuestion(base: MergedQuestion, fields: QuestionUpdate): MergedQuestion {
  return {
    kind: fields.kind ?? base.kind,
    prompt: fields.prompt ?? base.prompt,
    help: fields.help === undefined ? base.help : fields.help || null,
    required: fields.required ?? base.required,
    isTopic: fields.isTopic ?? base.isTopic,
    choices: fields.choices ?? base.choices,
    rows: fields.rows ?? base.rows,
    columns: fields.columns ?? base.columns,
    minLabel: fields.minLabel === undefined ? base.minLabel : fields.minLabel || null,
    maxLabel: fields.maxLabel === undefined ? base.maxLabel : fields.maxLabel || null,
  };
}

function checkQuestion(q: MergedQuestion) {
  const problem = optionsProblem(q.kind, q);
  if (problem) throw unprocessable(problem, q.kind === 'matrix' ? 'rows' : 'choices');
  if (q.isTopic && !canBeTopic(q.kind)) {
    throw unprocessable('La pregunta de temas debe ser de texto (corto o largo) o de selección (única o múltiple): sus respuestas son los temas que se ordenan para la audiencia.', 'isTopic');
  }
}

function questionData(q: MergedQuestion) {
  return { kind: q.kind, prompt: q.prompt, help: q.help, required: q.required, isTopic: q.isTopic, options: optionsJson(q.kind, q) };
}

/** Only one topic question per survey: marking one unmarks the others. */
async function keepOneTopic(tx: Tx, surveyId: string, questionId: string) {
  await tx.surveyQuestion.updateMany({ where: { surveyId, isTopic: true, id: { not: questionId } }, data: { isTopic: false } });
}

const emptyQuestion: MergedQuestion = { kind: 'short_text', prompt: '', help: null, required: false, isTopic: false, choices: [], rows: [], columns: [], minLabel: null, maxLabel: null };

export async function addQuestion({ db, actor, surveyId, fields }: { db: Db; actor: Actor; surveyId: string; fields: QuestionInput }): Promise<QuestionView> {
  return db.$transaction(async (tx) => {
    const survey = await findSurvey(tx, surveyId);
    const q = mergeQuestion(emptyQuestion, fields);
    checkQuestion(q);
    const position = (survey.questions.at(-1)?.position ?? 0) + 1;
    const created = await tx.surveyQuestion.create({ data: { surveyId, position, ...questionData(q) } });
    if (q.isTopic) await keepOneTopic(tx, surveyId, created.id);
    const view = toQuestionView(created);
    await writeAudit(tx, actor, { action: 'create', entityType: 'SurveyQuestion', entityId: created.id, after: { surveyId, ...questionAudit(view) } });
    return view;
  });
}

function findQuestion(survey: SurveyRow, questionId: string): SurveyQuestion {
  const q = survey.questions.find((x) => x.id === questionId);
  if (!q) throw new AppError('not_found', `La encuesta no tiene una pregunta con id ${questionId}.`, { details: { questionId } });
  return q;
}

const sameList = (a: string[], b: string[]) => a.length === b.length && a.every((x, i) => x === b[i]);

export async function updateQuestion({ db, actor, surveyId, questionId, fields }: { db: Db; actor: Actor; surveyId: string; questionId: string; fields: QuestionUpdate }): Promise<QuestionView> {
  return db.$transaction(async (tx) => {
    const survey = await findSurvey(tx, surveyId);
    const before = toQuestionView(findQuestion(survey, questionId));
    const q = mergeQuestion(before, fields);
    checkQuestion(q);
    const changesMeaning =
      q.kind !== before.kind || !sameList(q.choices, before.choices) || !sameList(q.rows, before.rows) || !sameList(q.columns, before.columns) || q.minLabel !== before.minLabel || q.maxLabel !== before.maxLabel;
    if (changesMeaning) {
      const responses = await responseCount(tx, surveyId);
      if (responses > 0) {
        throw new AppError(
          'conflict',
          `La encuesta ya tiene ${responses === 1 ? '1 respuesta' : `${responses} respuestas`}: no se puede cambiar el tipo ni las opciones de sus preguntas, porque las respuestas recibidas dejarían de corresponder a lo que se preguntó. Puede corregir la redacción, o duplicar la encuesta para hacer una versión nueva.`,
          { details: { questionId, responses } },
        );
      }
    }
    const updated = await tx.surveyQuestion.update({ where: { id: questionId }, data: questionData(q) });
    if (q.isTopic) await keepOneTopic(tx, surveyId, questionId);
    const view = toQuestionView(updated);
    await writeAudit(tx, actor, { action: 'update', entityType: 'SurveyQuestion', entityId: questionId, before: { surveyId, ...questionAudit(before) }, after: { surveyId, ...questionAudit(view) } });
    return view;
  });
}

/** Writes positions 1…n in the given order (through negative ones: positions are unique per survey). */
async function writeOrder(tx: Tx, ids: string[]) {
  for (const [i, id] of ids.entries()) await tx.surveyQuestion.update({ where: { id }, data: { position: -(i + 1) } });
  for (const [i, id] of ids.entries()) await tx.surveyQuestion.update({ where: { id }, data: { position: i + 1 } });
}

export async function removeQuestion({ db, actor, surveyId, questionId }: { db: Db; actor: Actor; surveyId: string; questionId: string }): Promise<void> {
  await db.$transaction(async (tx) => {
    const survey = await findSurvey(tx, surveyId);
    const question = findQuestion(survey, questionId);
    const responses = await responseCount(tx, surveyId);
    if (responses > 0) {
      throw new AppError(
        'conflict',
        `La encuesta ya tiene ${responses === 1 ? '1 respuesta' : `${responses} respuestas`}: no se pueden eliminar preguntas, porque se perderían las respuestas que la ciudadanía ya dio. Si una pregunta sobra, duplique la encuesta y quítela en la copia.`,
        { details: { questionId, responses } },
      );
    }
    if (survey.status === 'published' && survey.questions.length === 1) {
      throw new AppError('conflict', 'Una encuesta publicada necesita al menos una pregunta: vuelva la encuesta a borrador para quitar la última.', { details: { questionId } });
    }
    await tx.surveyQuestion.delete({ where: { id: questionId } });
    await writeOrder(
      tx,
      survey.questions.filter((q) => q.id !== questionId).map((q) => q.id),
    );
    await writeAudit(tx, actor, { action: 'delete', entityType: 'SurveyQuestion', entityId: questionId, before: { surveyId, ...questionAudit(toQuestionView(question)) } });
  });
}

/** Puts the questions in the given order (every question of the survey, once). */
export async function reorderQuestions({ db, actor, surveyId, questionIds }: { db: Db; actor: Actor; surveyId: string; questionIds: string[] }): Promise<SurveyRow> {
  return db.$transaction(async (tx) => {
    const survey = await findSurvey(tx, surveyId);
    const current = survey.questions.map((q) => q.id);
    const same = questionIds.length === current.length && new Set(questionIds).size === current.length && questionIds.every((id) => current.includes(id));
    if (!same) throw unprocessable('El nuevo orden debe nombrar todas las preguntas de la encuesta, cada una una sola vez.', 'questionIds');
    await writeOrder(tx, questionIds);
    await writeAudit(tx, actor, { action: 'reorder', entityType: 'Survey', entityId: surveyId, before: { questionIds: current }, after: { questionIds } });
    return findSurvey(tx, surveyId);
  });
}

/** One place up or down (the buttons of the builder page); at either end nothing moves. */
export async function moveQuestion({ db, actor, surveyId, questionId, direction }: { db: Db; actor: Actor; surveyId: string; questionId: string; direction: 'up' | 'down' }): Promise<SurveyRow> {
  const survey = await findSurvey(db, surveyId);
  findQuestion(survey, questionId);
  const ids = survey.questions.map((q) => q.id);
  const i = ids.indexOf(questionId);
  const j = direction === 'up' ? i - 1 : i + 1;
  if (j < 0 || j >= ids.length) return survey;
  [ids[i], ids[j]] = [ids[j]!, ids[i]!];
  return reorderQuestions({ db, actor, surveyId, questionIds: ids });
}
