import { writeAudit, type Actor } from '../../audit/write-audit.js';
import type { Db, Tx } from '../../db/client.js';
import { AppError } from '../../errors.js';
import type { CitizenQuestion } from '../../generated/prisma/client.js';
import { Prisma } from '../../generated/prisma/client.js';
import { auditState, type QuestionSource } from './model.js';
import { normalizeText } from '../../lib/text.js';
import { isDuplicateText, similarity } from './normalize.js';
import { findPlan, hearingOf } from './plan-context.js';

/** A question's text: long enough to be one, short enough to be read aloud at the hearing. */
export const QUESTION_MIN = 10;
export const QUESTION_MAX = 2000;

export type NewQuestion = {
  planId: string;
  source: QuestionSource;
  /** The card number (hearing_card) or the comment's id on the network (imports). */
  sourceRef?: string | null;
  authorName?: string | null;
  contact?: string | null;
  text: string;
  topic?: string | null;
  departmentId?: string | null;
  /** When the citizen asked (a comment's time); now by default. */
  receivedAt?: Date;
};

export type CreatedQuestion = { question: CitizenQuestion; duplicateOf: { id: string; text: string } | null };

/**
 * Records a citizen's question in the plan (and its public hearing, if there is one). A question
 * that repeats an earlier one of the same plan (see normalize.ts) is stored as `duplicate` of it,
 * for staff to see and undo. The same card or comment (source + sourceRef) is never stored twice:
 * that is a 409. Audited without the citizen's name or contact.
 */
export async function createQuestion({ db, actor, input }: { db: Db; actor: Actor; input: NewQuestion }): Promise<CreatedQuestion> {
  return db.$transaction((tx) => createQuestionInTx(tx, actor, input));
}

export async function createQuestionInTx(tx: Tx, actor: Actor, input: NewQuestion): Promise<CreatedQuestion> {
  const text = input.text.replace(/\r\n/g, '\n').trim();
  if ([...text].length < QUESTION_MIN || [...text].length > QUESTION_MAX) {
    throw new AppError('validation_failed', `La pregunta debe tener entre ${QUESTION_MIN} y ${QUESTION_MAX} caracteres.`, { details: [{ path: 'text', message: 'Longitud no válida.' }] });
  }
  const plan = await findPlan(tx, input.planId);
  if (input.departmentId) {
    const department = await tx.department.findUnique({ where: { id: input.departmentId }, select: { id: true } });
    if (!department) throw new AppError('unprocessable', `No existe la dependencia con id ${input.departmentId}.`, { details: { field: 'departmentId' } });
  }
  const sourceRef = input.sourceRef?.trim() || null;
  if (sourceRef) {
    const existing = await tx.citizenQuestion.findUnique({ where: { source_sourceRef: { source: input.source, sourceRef } }, select: { id: true } });
    if (existing) throw alreadyRecorded(input.source, sourceRef);
  }
  const normalized = normalizeText(text);
  const original = await findOriginal(tx, plan.id, normalized);
  const hearing = await hearingOf(tx, plan.id);
  let question: CitizenQuestion;
  try {
    question = await tx.citizenQuestion.create({
      data: {
        planId: plan.id,
        eventId: hearing?.id ?? null,
        source: input.source,
        sourceRef,
        authorName: input.authorName?.trim() || null,
        contact: input.contact?.trim() || null,
        text,
        normalized,
        topic: input.topic?.trim() || null,
        departmentId: input.departmentId ?? null,
        status: original ? 'duplicate' : input.departmentId ? 'assigned' : 'received',
        duplicateOfId: original?.id ?? null,
        ...(input.receivedAt ? { receivedAt: input.receivedAt } : {}),
      },
    });
  } catch (error) {
    if (sourceRef && error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') throw alreadyRecorded(input.source, sourceRef);
    throw error;
  }
  await writeAudit(tx, actor, { action: 'question.create', entityType: 'CitizenQuestion', entityId: question.id, after: auditState(question) });
  return { question, duplicateOf: original ? { id: original.id, text: original.text } : null };
}

function alreadyRecorded(source: QuestionSource, sourceRef: string): AppError {
  const what = source === 'hearing_card' ? `la tarjeta número ${sourceRef}` : `ese comentario (${sourceRef})`;
  return new AppError('conflict', `Ya se registró ${what}.`, { details: { field: 'sourceRef', source, sourceRef } });
}

/**
 * The earlier question of the plan this one repeats: the same normalized text first, else the
 * most similar one at or above the threshold (the oldest among equally similar ones). Duplicates and discarded
 * questions are not originals.
 */
export async function findOriginal(tx: Tx, planId: string, normalized: string, exceptId?: string): Promise<CitizenQuestion | null> {
  const open = { planId, status: { notIn: ['duplicate', 'discarded'] }, ...(exceptId ? { id: { not: exceptId } } : {}) };
  const exact = await tx.citizenQuestion.findFirst({ where: { ...open, normalized }, orderBy: [{ receivedAt: 'asc' }, { id: 'asc' }] });
  if (exact) return exact;
  const candidates = await tx.citizenQuestion.findMany({ where: open, select: { id: true, normalized: true, receivedAt: true }, orderBy: [{ receivedAt: 'asc' }, { id: 'asc' }] });
  let best: { id: string; score: number } | null = null;
  for (const c of candidates) {
    if (!isDuplicateText(normalized, c.normalized)) continue;
    const score = similarity(normalized, c.normalized);
    if (!best || score > best.score) best = { id: c.id, score };
  }
  return best ? tx.citizenQuestion.findUnique({ where: { id: best.id } }) : null;
}
