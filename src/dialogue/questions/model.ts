import type { CitizenQuestion } from '../../generated/prisma/client.js';

/**
 * Citizens' questions: their sources, their states and the Spanish words for them.
 *
 *   received ──assign──▶ assigned ──answer──▶ answered ──approve (department AND office, either order)──▶ approved ──publish──▶ published
 *       │                    │                   ▲  │                                                        │   ▲                     │
 *       │                    └──────assign───────┘  └──────────────── answer (an edit clears both approvals) ◀┘   └──── unpublish ──────┘
 *       └─ discard (any state before published; with a reason) ──▶ discarded ──restore──▶ back where it was
 *   A new question that repeats an earlier one arrives as `duplicate` (duplicateOfId); staff can undo it.
 */

export const questionSources = ['form', 'hearing_card', 'staff', 'youtube', 'x', 'facebook'] as const;
export type QuestionSource = (typeof questionSources)[number];

export const questionStatuses = ['received', 'assigned', 'answered', 'approved', 'published', 'duplicate', 'discarded'] as const;
export type QuestionStatus = (typeof questionStatuses)[number];

/** States that are no longer waiting for anything: they never count as overdue. */
export const closedStatuses: readonly QuestionStatus[] = ['published', 'duplicate', 'discarded'];

export const questionSourceLabel: Record<QuestionSource, string> = {
  form: 'Formulario web',
  hearing_card: 'Tarjeta de la audiencia',
  staff: 'Registrada por la oficina',
  youtube: 'Comentario en YouTube',
  x: 'Respuesta en X',
  facebook: 'Comentario en Facebook',
};

export const questionStatusLabel: Record<QuestionStatus, string> = {
  received: 'Recibida',
  assigned: 'Asignada',
  answered: 'Respondida (borrador)',
  approved: 'Aprobada',
  published: 'Publicada',
  duplicate: 'Duplicada',
  discarded: 'Descartada',
};

export function isQuestionStatus(value: unknown): value is QuestionStatus {
  return typeof value === 'string' && (questionStatuses as readonly string[]).includes(value);
}

export function isQuestionSource(value: unknown): value is QuestionSource {
  return typeof value === 'string' && (questionSources as readonly string[]).includes(value);
}

/**
 * The topics offered when the plan's topics survey has no topic question: the sectors a
 * Colombian municipality's development plan is usually organized by.
 */
export const defaultTopics = [
  'Salud',
  'Educación',
  'Vías e infraestructura',
  'Seguridad y convivencia',
  'Medio ambiente',
  'Desarrollo económico y empleo',
  'Agua, saneamiento y servicios públicos',
  'Vivienda',
  'Cultura, deporte y recreación',
  'Inclusión social',
  'Gestión y finanzas de la administración',
] as const;

/** Always offered last: a citizen's question need not fit a listed topic. */
export const otherTopic = 'Otro tema';

/** A question as staff see it (the API and the staff pages): personal data included, never sent to public pages. */
export type QuestionView = {
  id: string;
  planId: string;
  eventId: string | null;
  source: QuestionSource;
  sourceRef: string | null;
  authorName: string | null;
  contact: string | null;
  text: string;
  topic: string | null;
  departmentId: string | null;
  departmentName: string | null;
  status: QuestionStatus;
  duplicateOfId: string | null;
  receivedAt: string;
  answer: string | null;
  answeredAt: string | null;
  departmentApprovedAt: string | null;
  officeApprovedAt: string | null;
  publishedAt: string | null;
  pieceId: string | null;
  /** The answer deadline (calendar day in the plan's zone), or null without a hearing. */
  deadline: string | null;
  overdue: boolean;
};

type Row = CitizenQuestion & { departmentName?: string | null };

export function toQuestionView(q: Row, deadline: { day: string | null; today: string }): QuestionView {
  const status = isQuestionStatus(q.status) ? q.status : 'received';
  return {
    id: q.id,
    planId: q.planId,
    eventId: q.eventId,
    source: isQuestionSource(q.source) ? q.source : 'staff',
    sourceRef: q.sourceRef,
    authorName: q.authorName,
    contact: q.contact,
    text: q.text,
    topic: q.topic,
    departmentId: q.departmentId,
    departmentName: q.departmentName ?? null,
    status,
    duplicateOfId: q.duplicateOfId,
    receivedAt: q.receivedAt.toISOString(),
    answer: q.answer,
    answeredAt: q.answeredAt?.toISOString() ?? null,
    departmentApprovedAt: q.departmentApprovedAt?.toISOString() ?? null,
    officeApprovedAt: q.officeApprovedAt?.toISOString() ?? null,
    publishedAt: q.publishedAt?.toISOString() ?? null,
    pieceId: q.pieceId,
    deadline: deadline.day,
    overdue: isOverdue(status, deadline.day, deadline.today),
  };
}

/** Not published, discarded nor a duplicate, and the deadline day is over. */
export function isOverdue(status: QuestionStatus, deadline: string | null, today: string): boolean {
  return deadline !== null && today > deadline && !closedStatuses.includes(status);
}

/** What the audit trail keeps of a question: its state, never the citizen's name or contact. */
export function auditState(q: CitizenQuestion) {
  return {
    status: q.status,
    source: q.source,
    sourceRef: q.sourceRef,
    text: q.text,
    topic: q.topic,
    departmentId: q.departmentId,
    duplicateOfId: q.duplicateOfId,
    answer: q.answer,
    departmentApproved: q.departmentApprovedAt !== null,
    officeApproved: q.officeApprovedAt !== null,
    publishedAt: q.publishedAt?.toISOString() ?? null,
    hasAuthorName: q.authorName !== null,
    hasContact: q.contact !== null,
  };
}
