import { writeAudit, type Actor } from '../../audit/write-audit.js';
import type { Db, Tx } from '../../db/client.js';
import { AppError, notFound } from '../../errors.js';
import type { CitizenQuestion } from '../../generated/prisma/client.js';
import { questionCan, reaches, requireCan, requireReach, type QuestionCaller } from './access.js';
import { auditState, isQuestionStatus, questionStatusLabel, type QuestionStatus } from './model.js';
import { findPlan } from './plan-context.js';

/**
 * Every change of a question's state, as the office and the departments make it. Each one reads
 * and writes in one transaction (which takes SQLite's write lock first, src/db/client.ts), checks
 * who may do it (access.ts), and writes its audit entry there too.
 */

export const ANSWER_MIN = 10;
export const ANSWER_MAX = 5000;
export const REASON_MAX = 500;

type Deps = { db: Db; actor: Actor; by: QuestionCaller; id: string; now?: Date };

async function load(tx: Tx, id: string): Promise<CitizenQuestion> {
  const q = await tx.citizenQuestion.findUnique({ where: { id } });
  if (!q) throw notFound('la pregunta', id);
  return q;
}

function statusOf(q: CitizenQuestion): QuestionStatus {
  return isQuestionStatus(q.status) ? q.status : 'received';
}

function illegal(q: CitizenQuestion, what: string): AppError {
  const status = statusOf(q);
  return new AppError('illegal_transition', `No se puede ${what} una pregunta en estado «${questionStatusLabel[status]}».`, { details: { from: status } });
}

/** Runs a change: load, check, write, audit, all in one transaction. */
async function change(
  { db, actor, id }: Deps,
  action: string,
  apply: (tx: Tx, q: CitizenQuestion) => Promise<{ data: Partial<CitizenQuestion>; extra?: Record<string, unknown> }>,
): Promise<CitizenQuestion> {
  return db.$transaction(async (tx) => {
    const current = await load(tx, id);
    const { data, extra } = await apply(tx, current);
    const after = await tx.citizenQuestion.update({ where: { id }, data });
    await writeAudit(tx, actor, { action, entityType: 'CitizenQuestion', entityId: id, before: auditState(current), after: { ...auditState(after), ...extra } });
    return after;
  });
}

const noApprovals = { departmentApprovedAt: null, departmentApprovedById: null, officeApprovedAt: null, officeApprovedById: null };

/** Assigns (or reassigns) the department that answers, and the topic. A new department must approve again. */
export async function assignQuestion(deps: Deps & { departmentId: string; topic?: string | null }) {
  requireCan(questionCan.manage(deps.by), 'Solo la oficina de comunicaciones asigna las preguntas a las dependencias.');
  return change(deps, 'question.assign', async (tx, q) => {
    const status = statusOf(q);
    if (!['received', 'assigned', 'answered', 'approved'].includes(status)) throw illegal(q, 'asignar');
    const department = await tx.department.findUnique({ where: { id: deps.departmentId }, select: { id: true } });
    if (!department) throw new AppError('unprocessable', `No existe la dependencia con id ${deps.departmentId}.`, { details: { field: 'departmentId' } });
    const topic = deps.topic === undefined ? q.topic : deps.topic?.trim() || null;
    const moved = q.departmentId !== deps.departmentId;
    const next: QuestionStatus = moved ? (q.answer ? 'answered' : 'assigned') : status === 'received' ? 'assigned' : status;
    return { data: { departmentId: deps.departmentId, topic, status: next, ...(moved ? noApprovals : {}) } };
  });
}

/**
 * Writes or edits the answer (a draft until approved). The office, or a user of the assigned
 * department. An edit withdraws both approvals: what is approved is exactly what is published.
 */
export async function answerQuestion(deps: Deps & { answer: string }) {
  requireCan(questionCan.answer(deps.by));
  const answer = deps.answer.replace(/\r\n/g, '\n').trim();
  if ([...answer].length < ANSWER_MIN || [...answer].length > ANSWER_MAX) {
    throw new AppError('validation_failed', `La respuesta debe tener entre ${ANSWER_MIN} y ${ANSWER_MAX} caracteres.`, { details: [{ path: 'answer', message: 'Longitud no válida.' }] });
  }
  return change(deps, 'question.answer', async (_tx, q) => {
    requireReach(deps.by, q);
    const status = statusOf(q);
    if (status === 'received' || !q.departmentId) throw new AppError('illegal_transition', 'Asigne primero la pregunta a una dependencia: ella redacta la respuesta.', { details: { from: status } });
    if (!['assigned', 'answered', 'approved'].includes(status)) throw illegal(q, 'responder');
    if (answer === q.answer && status !== 'assigned') return { data: {} };
    return { data: { answer, answeredAt: deps.now ?? new Date(), answeredById: deps.actor.userId, status: 'answered', ...noApprovals } };
  });
}

/**
 * Approves the answer as the office (`piece:review`) or as the assigned department (its users,
 * `piece:check`). It is approved once both have, in either order; the first leaves it answered
 * with its approval on record.
 */
export async function approveQuestion(deps: Deps) {
  const asOffice = questionCan.approveAsOffice(deps.by);
  const asDepartment = !asOffice && questionCan.approveAsDepartment(deps.by);
  requireCan(asOffice || asDepartment, 'Aprueban la respuesta la oficina de comunicaciones (rol aprobador) y la dependencia asignada.');
  return change(deps, 'question.approve', async (_tx, q) => {
    if (asDepartment) requireReach(deps.by, q);
    if (statusOf(q) !== 'answered' || !q.answer) throw illegal(q, 'aprobar');
    const now = deps.now ?? new Date();
    if (asOffice && q.officeApprovedAt) throw new AppError('conflict', 'La oficina ya aprobó esta respuesta; falta la aprobación de la dependencia.');
    if (asDepartment && q.departmentApprovedAt) throw new AppError('conflict', 'La dependencia ya aprobó esta respuesta; falta la aprobación de la oficina de comunicaciones.');
    const data = asOffice ? { officeApprovedAt: now, officeApprovedById: deps.actor.userId } : { departmentApprovedAt: now, departmentApprovedById: deps.actor.userId };
    const both = (asOffice || q.officeApprovedAt !== null) && (asDepartment || q.departmentApprovedAt !== null);
    return { data: { ...data, ...(both ? { status: 'approved' } : {}) }, extra: { capacity: asOffice ? 'office' : 'department' } };
  });
}

/** Publishes an approved answer on /participa/respuestas. */
export async function publishQuestion(deps: Deps) {
  requireCan(questionCan.publish(deps.by));
  return change(deps, 'question.publish', async (_tx, q) => {
    if (statusOf(q) !== 'approved') throw illegal(q, 'publicar');
    return { data: { status: 'published', publishedAt: deps.now ?? new Date() } };
  });
}

/** Takes a published answer off the public page (it stays approved). */
export async function unpublishQuestion(deps: Deps) {
  requireCan(questionCan.publish(deps.by));
  return change(deps, 'question.unpublish', async (_tx, q) => {
    if (statusOf(q) !== 'published') throw illegal(q, 'retirar');
    return { data: { status: 'approved', publishedAt: null } };
  });
}

/** Discards a question as out of scope (not a question for the administration, offensive…), with the reason in the audit trail. */
export async function discardQuestion(deps: Deps & { reason: string }) {
  requireCan(questionCan.manage(deps.by), 'Solo la oficina de comunicaciones descarta preguntas.');
  const reason = deps.reason.trim();
  if (reason.length < 3 || reason.length > REASON_MAX) {
    throw new AppError('validation_failed', `Explique por qué se descarta la pregunta (entre 3 y ${REASON_MAX} caracteres).`, { details: [{ path: 'reason', message: 'Longitud no válida.' }] });
  }
  return change(deps, 'question.discard', async (_tx, q) => {
    if (!['received', 'assigned', 'answered', 'approved'].includes(statusOf(q))) throw illegal(q, 'descartar');
    return { data: { status: 'discarded' }, extra: { reason } };
  });
}

/** Brings a discarded question back where its fields put it; an answer must be approved again. */
export async function restoreQuestion(deps: Deps) {
  requireCan(questionCan.manage(deps.by));
  return change(deps, 'question.restore', async (_tx, q) => {
    if (statusOf(q) !== 'discarded') throw illegal(q, 'restaurar');
    return { data: { status: reopenedStatus(q), ...noApprovals } };
  });
}

/** Marks a question as a repeat of another question of the same plan. */
export async function markDuplicate(deps: Deps & { of: string }) {
  requireCan(questionCan.manage(deps.by));
  return change(deps, 'question.duplicate', async (tx, q) => {
    if (!['received', 'assigned', 'answered'].includes(statusOf(q))) throw illegal(q, 'marcar como duplicada');
    let original = await tx.citizenQuestion.findUnique({ where: { id: deps.of } });
    // A duplicate's original is the question it repeats, never another duplicate.
    for (let hops = 0; original?.status === 'duplicate' && original.duplicateOfId && hops < 10; hops++) {
      original = await tx.citizenQuestion.findUnique({ where: { id: original.duplicateOfId } });
    }
    if (!original || original.planId !== q.planId) throw new AppError('unprocessable', 'La pregunta original no existe en el mismo plan.', { details: { field: 'of' } });
    if (original.id === q.id) throw new AppError('unprocessable', 'Una pregunta no puede ser duplicada de sí misma.', { details: { field: 'of' } });
    if (await tx.citizenQuestion.count({ where: { duplicateOfId: q.id } })) {
      throw new AppError('conflict', 'Otras preguntas están marcadas como duplicadas de esta; deshaga esas marcas primero.');
    }
    return { data: { status: 'duplicate', duplicateOfId: original.id } };
  });
}

/** Undoes a duplicate mark: the question goes back to its own workflow. */
export async function undoDuplicate(deps: Deps) {
  requireCan(questionCan.manage(deps.by));
  return change(deps, 'question.not_duplicate', async (_tx, q) => {
    if (statusOf(q) !== 'duplicate') throw illegal(q, 'desmarcar como duplicada');
    return { data: { status: reopenedStatus(q), duplicateOfId: null, ...noApprovals }, extra: { wasDuplicateOf: q.duplicateOfId } };
  });
}

function reopenedStatus(q: CitizenQuestion): QuestionStatus {
  return q.answer && q.departmentId ? 'answered' : q.departmentId ? 'assigned' : 'received';
}

/** The legal answer deadline, in days after the public hearing (1 to 365). */
export async function setAnswerDeadlineDays({ db, actor, by, planId, days }: { db: Db; actor: Actor; by: QuestionCaller; planId: string; days: number }) {
  requireCan(questionCan.manage(by), 'Solo la oficina de comunicaciones cambia el plazo de respuesta.');
  if (!Number.isInteger(days) || days < 1 || days > 365) {
    throw new AppError('validation_failed', 'El plazo de respuesta debe ser un número entero de días entre 1 y 365.', { details: [{ path: 'answerDeadlineDays', message: 'Fuera de rango.' }] });
  }
  return db.$transaction(async (tx) => {
    const plan = await findPlan(tx, planId);
    const after = await tx.plan.update({ where: { id: planId }, data: { answerDeadlineDays: days } });
    await writeAudit(tx, actor, { action: 'update', entityType: 'Plan', entityId: planId, before: { answerDeadlineDays: plan.answerDeadlineDays }, after: { answerDeadlineDays: after.answerDeadlineDays } });
    return after;
  });
}

/** Whether the caller may see this question on the staff pages (department users: their departments'). */
export function mayRead(by: QuestionCaller, q: { departmentId: string | null }): boolean {
  return questionCan.read(by) && reaches(by, q);
}
