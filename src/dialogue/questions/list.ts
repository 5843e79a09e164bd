import type { Db, DbOrTx } from '../../db/client.js';
import { AppError, notFound } from '../../errors.js';
import type { Prisma } from '../../generated/prisma/client.js';
import { isDepartmentScoped, questionCan, requireCan, withoutPersonalData, type QuestionCaller } from './access.js';
import { closedStatuses, questionStatuses, toQuestionView, type QuestionSource, type QuestionStatus, type QuestionView } from './model.js';
import { normalizeText } from '../../lib/text.js';
import { similarity } from './normalize.js';
import { findPlan, planDeadline, type Deadline } from './plan-context.js';
import { mayRead } from './workflow.js';

export type QuestionFilters = {
  status?: QuestionStatus;
  source?: QuestionSource;
  departmentId?: string;
  topic?: string;
  /** Only the overdue ones: not published, discarded nor duplicate, past the deadline. */
  overdue?: boolean;
  /** Words that must all be in the question (accents and case ignored). */
  q?: string;
  limit?: number;
  offset?: number;
};

export type QuestionList = {
  plan: { id: string; title: string; answerDeadlineDays: number; timeZone: string };
  deadline: Deadline;
  /** Per state, and overdue, over every question the caller may see (before the filters). */
  counts: Record<QuestionStatus, number> & { total: number; overdue: number };
  total: number;
  items: QuestionView[];
};

/**
 * Where the overdue questions that wait for a person are, across plans (the pending list and the
 * header badge): what the staff list shows with "Solo vencidas" — every one for the office, those
 * of their departments for a department user. Null for anyone else, or when no deadline has passed.
 */
export async function overdueQuestionsWhere(db: DbOrTx, by: QuestionCaller, now: Date): Promise<{ where: Prisma.CitizenQuestionWhereInput; deadlines: Map<string, string> } | null> {
  if (!questionCan.manage(by) && !isDepartmentScoped(by)) return null;
  const deadlines = new Map<string, string>();
  for (const plan of await db.plan.findMany()) {
    const deadline = await planDeadline(db, plan, now);
    if (deadline.day !== null && deadline.today > deadline.day) deadlines.set(plan.id, deadline.day);
  }
  if (deadlines.size === 0) return null;
  const scope = isDepartmentScoped(by) ? { departmentId: { in: by.departmentIds } } : {};
  return { deadlines, where: { planId: { in: [...deadlines.keys()] }, status: { notIn: [...closedStatuses] }, ...scope } };
}

/** The questions of a plan for staff, newest first, with the counts per state and the overdue ones. */
export async function listQuestions({ db, by, planId, filters = {}, now = new Date() }: { db: Db; by: QuestionCaller; planId: string; filters?: QuestionFilters; now?: Date }): Promise<QuestionList> {
  requireCan(questionCan.read(by));
  const plan = await findPlan(db, planId);
  const deadline = await planDeadline(db, plan, now);
  const pastDeadline = deadline.day !== null && deadline.today > deadline.day;
  const scope: Prisma.CitizenQuestionWhereInput = { planId, ...(isDepartmentScoped(by) ? { departmentId: { in: by.departmentIds } } : {}) };

  const grouped = await db.citizenQuestion.groupBy({ by: ['status'], where: scope, _count: { _all: true } });
  const counts = Object.fromEntries(questionStatuses.map((s) => [s, 0])) as Record<QuestionStatus, number>;
  for (const g of grouped) if (g.status in counts) counts[g.status as QuestionStatus] = g._count._all;
  const total = Object.values(counts).reduce((a, b) => a + b, 0);
  const open = total - closedStatuses.reduce((sum, s) => sum + counts[s], 0);

  const where: Prisma.CitizenQuestionWhereInput = {
    ...scope,
    ...(filters.status ? { status: filters.status } : {}),
    ...(filters.source ? { source: filters.source } : {}),
    ...(filters.departmentId ? { departmentId: filters.departmentId } : {}),
    ...(filters.topic ? { topic: filters.topic } : {}),
    ...(filters.overdue ? (pastDeadline ? { status: { notIn: [...closedStatuses] } } : { id: { in: [] } }) : {}),
    ...(filters.q ? { AND: normalizeText(filters.q).split(' ').filter(Boolean).map((w) => ({ normalized: { contains: w } })) } : {}),
  };
  const [matching, rows] = await Promise.all([
    db.citizenQuestion.count({ where }),
    db.citizenQuestion.findMany({ where, orderBy: [{ receivedAt: 'desc' }, { id: 'desc' }], take: filters.limit ?? 50, skip: filters.offset ?? 0 }),
  ]);
  const names = await departmentNames(db, rows.map((r) => r.departmentId));
  return {
    plan: { id: plan.id, title: plan.title, answerDeadlineDays: plan.answerDeadlineDays, timeZone: plan.timeZone },
    deadline,
    counts: { ...counts, total, overdue: pastDeadline ? open : 0 },
    total: matching,
    items: rows.map((r) => withoutPersonalData(by, toQuestionView({ ...r, departmentName: r.departmentId ? (names.get(r.departmentId) ?? null) : null }, deadline))),
  };
}

export type QuestionDetail = QuestionView & {
  planTitle: string;
  duplicateOf: { id: string; text: string; status: QuestionStatus } | null;
  duplicates: { id: string; text: string; source: QuestionSource; receivedAt: string }[];
  /** The reason of the last discard, from the audit trail. */
  discardReason: string | null;
  history: { at: string; action: string; actor: string; detail: Record<string, unknown> | null }[];
  approvedBy: { department: string | null; office: string | null };
  /** Other open questions of the plan that look alike (similarity ≥ 0.3), most similar first: candidates to mark it a duplicate of. */
  similar: { id: string; text: string; status: QuestionStatus; score: number }[];
};

const SIMILAR_SHOWN = 5;
const SIMILAR_FLOOR = 0.3;

/** One question with what its page shows: the original it repeats, its repeats, its history. */
export async function getQuestion({ db, by, id, now = new Date() }: { db: Db; by: QuestionCaller; id: string; now?: Date }): Promise<QuestionDetail> {
  const row = await db.citizenQuestion.findUnique({ where: { id } });
  if (!row) throw notFound('la pregunta', id);
  if (!mayRead(by, row)) throw new AppError('forbidden', 'Solo puede ver las preguntas asignadas a su dependencia.');
  const plan = await findPlan(db, row.planId);
  const deadline = await planDeadline(db, plan, now);
  const [department, original, duplicates, audit, approvers, others] = await Promise.all([
    row.departmentId ? db.department.findUnique({ where: { id: row.departmentId }, select: { name: true } }) : null,
    row.duplicateOfId ? db.citizenQuestion.findUnique({ where: { id: row.duplicateOfId }, select: { id: true, text: true, status: true } }) : null,
    db.citizenQuestion.findMany({ where: { duplicateOfId: id }, orderBy: { receivedAt: 'asc' }, select: { id: true, text: true, source: true, receivedAt: true } }),
    db.auditEntry.findMany({ where: { entityType: 'CitizenQuestion', entityId: id }, orderBy: [{ at: 'asc' }, { id: 'asc' }] }),
    db.user.findMany({ where: { id: { in: [row.departmentApprovedById, row.officeApprovedById].filter((u): u is string => u !== null) } }, select: { id: true, name: true } }),
    db.citizenQuestion.findMany({ where: { planId: row.planId, id: { not: id }, status: { notIn: ['duplicate', 'discarded'] } }, select: { id: true, text: true, status: true, normalized: true } }),
  ]);
  const similar = others
    .map((o) => ({ id: o.id, text: o.text, status: o.status as QuestionStatus, score: similarity(row.normalized, o.normalized) }))
    .filter((o) => o.score >= SIMILAR_FLOOR)
    .sort((a, b) => b.score - a.score)
    .slice(0, SIMILAR_SHOWN);
  const history = audit.map((e) => ({ at: e.at.toISOString(), action: e.action, actor: e.actorLabel ?? 'sistema', detail: parseJson(e.after) }));
  const lastDiscard = [...history].reverse().find((h) => h.action === 'question.discard');
  const nameOf = (userId: string | null) => (userId ? (approvers.find((u) => u.id === userId)?.name ?? null) : null);
  return {
    ...withoutPersonalData(by, toQuestionView({ ...row, departmentName: department?.name ?? null }, deadline)),
    planTitle: plan.title,
    duplicateOf: original ? { id: original.id, text: original.text, status: original.status as QuestionStatus } : null,
    duplicates: duplicates.map((d) => ({ id: d.id, text: d.text, source: d.source as QuestionSource, receivedAt: d.receivedAt.toISOString() })),
    discardReason: typeof lastDiscard?.detail?.['reason'] === 'string' ? lastDiscard.detail['reason'] : null,
    history,
    approvedBy: { department: nameOf(row.departmentApprovedById), office: nameOf(row.officeApprovedById) },
    similar,
  };
}

function parseJson(value: string | null): Record<string, unknown> | null {
  if (!value) return null;
  try {
    const parsed: unknown = JSON.parse(value);
    return parsed && typeof parsed === 'object' ? (parsed as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

export async function departmentNames(db: Db, ids: (string | null)[]): Promise<Map<string, string>> {
  const wanted = [...new Set(ids.filter((i): i is string => i !== null))];
  if (wanted.length === 0) return new Map();
  const rows = await db.department.findMany({ where: { id: { in: wanted } }, select: { id: true, name: true } });
  return new Map(rows.map((r) => [r.id, r.name]));
}

// ---------------------------------------------------------------- public answers

export const ANSWERS_PER_PAGE = 20;

/** A published answer as citizens read it: the question and the answer, nothing about who asked. */
export type PublicAnswer = { id: string; question: string; answer: string; topic: string | null; department: string | null; publishedAt: Date };
export type PublicAnswerGroup = { label: string; items: PublicAnswer[] };
export type PublicAnswers = { total: number; page: number; pageCount: number; groups: PublicAnswerGroup[] };

/**
 * The published answers of a plan for /participa/respuestas, grouped by topic or by department
 * (groups in alphabetical order, «Sin tema» / «Sin dependencia» last; newest first inside),
 * filtered by `q` (every word must appear in the question, the answer, the topic or the
 * department, accents and case ignored) and paginated. Only what citizens may read is selected:
 * never the author's name, contact, source or any staff member.
 */
export async function publicAnswers(db: Db, { planId, q = '', groupBy = 'topic', page = 1 }: { planId: string; q?: string; groupBy?: 'topic' | 'department'; page?: number }): Promise<PublicAnswers> {
  const rows = await db.citizenQuestion.findMany({
    where: { planId, status: 'published', answer: { not: null } },
    select: { id: true, text: true, answer: true, topic: true, departmentId: true, publishedAt: true },
    orderBy: [{ publishedAt: 'desc' }, { id: 'asc' }],
  });
  const names = await departmentNames(db, rows.map((r) => r.departmentId));
  const words = normalizeText(q).split(' ').filter(Boolean);
  const answers: PublicAnswer[] = rows
    .map((r) => ({
      id: r.id,
      question: r.text,
      answer: r.answer ?? '',
      topic: r.topic,
      department: r.departmentId ? (names.get(r.departmentId) ?? null) : null,
      publishedAt: r.publishedAt ?? new Date(0),
    }))
    .filter((a) => {
      if (words.length === 0) return true;
      const haystack = ` ${normalizeText([a.question, a.answer, a.topic ?? '', a.department ?? ''].join(' '))} `;
      return words.every((w) => haystack.includes(w));
    });
  const none = groupBy === 'topic' ? 'Sin tema' : 'Sin dependencia';
  const keyOf = (a: PublicAnswer) => (groupBy === 'topic' ? a.topic : a.department) ?? none;
  const sorted = [...answers].sort((a, b) => {
    const ka = keyOf(a);
    const kb = keyOf(b);
    if (ka !== kb) return ka === none ? 1 : kb === none ? -1 : ka.localeCompare(kb, 'es');
    return b.publishedAt.getTime() - a.publishedAt.getTime();
  });
  const pageCount = Math.max(1, Math.ceil(sorted.length / ANSWERS_PER_PAGE));
  const current = Math.min(Math.max(1, page), pageCount);
  const groups: PublicAnswerGroup[] = [];
  for (const a of sorted.slice((current - 1) * ANSWERS_PER_PAGE, current * ANSWERS_PER_PAGE)) {
    const label = keyOf(a);
    const last = groups.at(-1);
    if (last?.label === label) last.items.push(a);
    else groups.push({ label, items: [a] });
  }
  return { total: sorted.length, page: current, pageCount, groups };
}
