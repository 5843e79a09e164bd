import { writeAudit, type Actor } from '../../audit/write-audit.js';
import { xLength, xLimits } from '../../channels/x/rules.js';
import type { Db } from '../../db/client.js';
import { AppError } from '../../errors.js';
import type { MediaAsset } from '../../generated/prisma/client.js';
import type { MediaStore } from '../../media/store.js';
import { findPiece, toPieceView } from '../../pieces/piece-view.js';
import { createPieceInTx } from '../../pieces/save-piece.js';
import { renderToAsset } from '../../render/service/render-asset.js';
import { questionCan, requireCan, type QuestionCaller } from './access.js';
import { auditState } from './model.js';
import { normalizeText } from '../../lib/text.js';
import { truncate } from './normalize.js';
import { findPlan } from './plan-context.js';

/**
 * "Crear pieza" for selected answers: a draft piece of kind `answers_publication` whose X variant
 * is a thread with one post per question and answer (`options.thread`), the first post carrying
 * a Q&A card per answer (the `qa_card` template, up to X's four images) with its alt text. The
 * piece then goes through review and publishing like any other. Only approved (or already
 * published) answers can go out this way.
 */

export const MAX_PIECE_QUESTIONS = 20;
export const CARD_TEMPLATE = 'qa_card';
export const CARD_FORMAT = 'x_post';

/** The qa_card template's field limits. */
const CARD_LIMITS = { question: 220, answer: 480, department: 90 };

export type QA = { question: string; answer: string; department: string };

export async function createAnswersPiece(o: {
  db: Db;
  media: MediaStore;
  actor: Actor;
  by: QuestionCaller;
  planId: string;
  questionIds: string[];
  timeZone: string;
  /** Pregón's public address: each post links to /participa/respuestas. */
  publicUrl: string;
}) {
  requireCan(questionCan.manage(o.by), 'Solo la oficina de comunicaciones crea piezas con las respuestas.');
  const ids = [...new Set(o.questionIds)];
  if (ids.length === 0) throw new AppError('validation_failed', 'Seleccione al menos una pregunta con su respuesta aprobada.', { details: [{ path: 'questionIds', message: 'Vacío.' }] });
  if (ids.length > MAX_PIECE_QUESTIONS) throw new AppError('validation_failed', `Una pieza lleva hasta ${MAX_PIECE_QUESTIONS} preguntas; seleccione menos.`, { details: [{ path: 'questionIds', message: 'Demasiadas.' }] });
  const plan = await findPlan(o.db, o.planId);
  const rows = await o.db.citizenQuestion.findMany({ where: { id: { in: ids } } });
  const missing = ids.filter((id) => !rows.some((r) => r.id === id));
  if (missing.length > 0) throw new AppError('unprocessable', `No existen las preguntas ${missing.join(', ')}.`, { details: { missing } });
  const questions = ids.map((id) => rows.find((r) => r.id === id)!);
  const notReady = questions.filter((q) => q.planId !== plan.id || !['approved', 'published'].includes(q.status) || !q.answer || !q.departmentId);
  if (notReady.length > 0) {
    throw new AppError('unprocessable', 'Solo se publican en una pieza las respuestas aprobadas (o ya publicadas) de este plan.', { details: { notReady: notReady.map((q) => q.id) } });
  }
  const departments = await o.db.department.findMany({ where: { id: { in: questions.map((q) => q.departmentId!) } }, select: { id: true, name: true } });
  const items: QA[] = questions.map((q) => ({ question: q.text, answer: q.answer!, department: departments.find((d) => d.id === q.departmentId)?.name ?? 'La administración municipal' }));

  // The cards first (renders are stored and cached by content), then the piece in one transaction.
  const cards: MediaAsset[] = [];
  for (const item of items.slice(0, xLimits.images)) {
    const { asset } = await renderToAsset({ db: o.db, media: o.media, actor: o.actor, input: { templateId: CARD_TEMPLATE, values: cardFields(item), format: CARD_FORMAT, output: 'png', timeZone: o.timeZone } });
    cards.push(asset);
  }
  const activityId = await answersActivity(o.db, plan.id);
  const text = answersThread(items, `${o.publicUrl.replace(/\/+$/, '')}/participa/respuestas`);
  const piece = await o.db.$transaction(async (tx) => {
    const created = await createPieceInTx(tx, o.actor, {
      kind: 'answers_publication',
      title: items.length === 1 ? 'Respuesta a una pregunta de la ciudadanía' : `Respuestas a ${items.length} preguntas de la ciudadanía`,
      body: items.map((i) => `Pregunta: ${i.question}\nRespuesta de ${i.department}: ${i.answer}`).join('\n\n'),
      activityId,
      templateId: CARD_TEMPLATE,
      templateFields: cardFields(items[0]!),
      variants: [{ network: 'x', text, options: { thread: true }, media: cards.map((c) => ({ mediaAssetId: c.id, altText: c.altText ?? '' })) }],
    });
    await tx.mediaAsset.updateMany({ where: { id: { in: cards.map((c) => c.id) }, pieceId: null }, data: { pieceId: created.id } });
    for (const q of questions) {
      const after = await tx.citizenQuestion.update({ where: { id: q.id }, data: { pieceId: created.id } });
      await writeAudit(tx, o.actor, { action: 'question.piece', entityType: 'CitizenQuestion', entityId: q.id, before: auditState(q), after: { ...auditState(after), pieceId: created.id } });
    }
    return findPiece(tx, created.id);
  });
  return { piece: toPieceView(piece), cards };
}

function cardFields(item: QA) {
  return { question: truncate(item.question, CARD_LIMITS.question), answer: truncate(item.answer, CARD_LIMITS.answer), department: truncate(item.department, CARD_LIMITS.department) };
}

/** The plan's activity about publishing the answers to citizens, if it has one (the seed plan does). */
async function answersActivity(db: Db, planId: string): Promise<string | null> {
  const activities = await db.activity.findMany({
    where: { subcomponent: { planId } },
    orderBy: [{ subcomponent: { position: 'asc' } }, { position: 'asc' }],
    select: { id: true, description: true },
  });
  const words = (d: string) => normalizeText(d).split(' ');
  const found = activities.find((a) => words(a.description).includes('respuestas') && words(a.description).some((w) => w.startsWith('pregunta')));
  return found?.id ?? activities.find((a) => words(a.description).includes('respuestas'))?.id ?? null;
}

// ---------------------------------------------------------------- the thread

/** Optional closing lines, added in order to a post that is too short (see `answersThread`). */
const fillers = ['Gracias por participar en la rendición de cuentas.', '#RendiciónDeCuentas #ParticipaciónCiudadana'];

/**
 * The X thread's text: one paragraph per question and answer («Pregunta: …», «Responde …: …»,
 * and the link to every answer), separated by blank lines.
 *
 * X's thread splitter (threadParts in src/channels/x/rules.ts) packs whole paragraphs greedily
 * into posts of 280 characters with a « (i/n)» suffix. So that each answer is exactly one post:
 * - a paragraph longer than a post is shortened (the question to 110 characters, then the
 *   answer, with «…»; the link leads to the full answer);
 * - a paragraph shorter than half a post gets the closing lines above until it is longer, so
 *   that no two paragraphs ever fit in one post together.
 */
export function answersThread(items: QA[], answersUrl: string): string {
  const n = items.length;
  const suffix = n > 1 ? ` (${'9'.repeat(String(n).length)}/${'9'.repeat(String(n).length)})` : '';
  const limit = xLimits.text - xLength(suffix);
  // Two paragraphs plus the blank line between them must not fit one post, with or without the suffix.
  const minimum = n > 1 ? Math.floor(xLimits.text / 2) + 1 : 0;
  return items.map((item) => paragraph(item, answersUrl, limit, minimum)).join('\n\n');
}

function paragraph(item: QA, answersUrl: string, limit: number, minimum: number): string {
  const clean = (s: string) => s.replace(/\s+/g, ' ').trim();
  const compose = (q: string, d: string, a: string, extra: string[]) => [`Pregunta: ${q}`, `Responde ${d}: ${a}`, `Todas las respuestas: ${answersUrl}`, ...extra].join('\n');
  let question = clean(item.question);
  let department = clean(item.department);
  let answer = clean(item.answer);
  if (xLength(compose(question, department, answer, [])) > limit) question = truncate(question, 110);
  if (xLength(compose(question, department, answer, [])) > limit) department = truncate(department, 60);
  while (xLength(compose(question, department, answer, [])) > limit && [...answer].length > 12) {
    const over = xLength(compose(question, department, answer, [])) - limit;
    answer = truncate(answer, Math.max(12, [...answer].length - Math.max(over, 4)));
  }
  const extra: string[] = [];
  for (const line of fillers) {
    if (xLength(compose(question, department, answer, extra)) >= minimum) break;
    if (xLength(compose(question, department, answer, [...extra, line])) <= limit) extra.push(line);
  }
  return compose(question, department, answer, extra);
}
