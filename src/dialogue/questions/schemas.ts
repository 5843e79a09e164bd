import { z } from '@hono/zod-openapi';
import { ANSWER_MAX, ANSWER_MIN, REASON_MAX } from './workflow.js';
import { QUESTION_MAX, QUESTION_MIN } from './intake.js';
import { MAX_PIECE_QUESTIONS } from './answers-piece.js';
import { questionSources, questionStatuses } from './model.js';

export const QuestionStatusSchema = z.enum(questionStatuses).openapi('CitizenQuestionStatus');
export const QuestionSourceSchema = z.enum(questionSources).openapi('CitizenQuestionSource');

export const QuestionSchema = z
  .object({
    id: z.string(),
    planId: z.string(),
    eventId: z.string().nullable(),
    source: QuestionSourceSchema,
    sourceRef: z.string().nullable(),
    authorName: z.string().nullable(),
    contact: z.string().nullable(),
    text: z.string(),
    topic: z.string().nullable(),
    departmentId: z.string().nullable(),
    departmentName: z.string().nullable(),
    status: QuestionStatusSchema,
    duplicateOfId: z.string().nullable(),
    receivedAt: z.string(),
    answer: z.string().nullable(),
    answeredAt: z.string().nullable(),
    departmentApprovedAt: z.string().nullable(),
    officeApprovedAt: z.string().nullable(),
    publishedAt: z.string().nullable(),
    pieceId: z.string().nullable(),
    deadline: z.string().nullable().openapi({ description: 'Último día (zona del plan) para publicar la respuesta; null sin audiencia.' }),
    overdue: z.boolean(),
  })
  .openapi('CitizenQuestion');

const counts = z.object(Object.fromEntries([...questionStatuses, 'total', 'overdue'].map((k) => [k, z.number().int()])) as Record<string, z.ZodNumber>);

export const QuestionListSchema = z
  .object({
    plan: z.object({ id: z.string(), title: z.string(), answerDeadlineDays: z.number().int(), timeZone: z.string() }),
    deadline: z.object({ day: z.string().nullable(), days: z.number().int(), today: z.string(), hearing: z.object({ id: z.string(), title: z.string(), startsAt: z.string() }).nullable() }),
    counts,
    total: z.number().int(),
    items: z.array(QuestionSchema),
  })
  .openapi('CitizenQuestionList');

const flag = z
  .enum(['true', 'false', '1', '0'])
  .transform((v) => v === 'true' || v === '1')
  .optional();

export const QuestionListQuery = z.object({
  status: QuestionStatusSchema.optional(),
  source: QuestionSourceSchema.optional(),
  departmentId: z.string().min(1).optional(),
  topic: z.string().min(1).max(100).optional(),
  overdue: flag,
  q: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});

export const QuestionCreateSchema = z
  .object({
    source: z.enum(['hearing_card', 'staff']),
    /** The card's number, required for hearing cards. */
    sourceRef: z.string().trim().min(1).max(50).nullable().optional(),
    text: z.string().trim().min(QUESTION_MIN).max(QUESTION_MAX),
    topic: z.string().trim().max(100).nullable().optional(),
    authorName: z.string().trim().max(120).nullable().optional(),
    contact: z.string().trim().max(200).nullable().optional(),
    departmentId: z.string().min(1).nullable().optional(),
  })
  .strict()
  .refine((q) => q.source !== 'hearing_card' || !!q.sourceRef, { message: 'Indique el número de la tarjeta.', path: ['sourceRef'] })
  .openapi('CitizenQuestionCreate');

export const CreatedQuestionSchema = z
  .object({ question: QuestionSchema, duplicateOf: z.object({ id: z.string(), text: z.string() }).nullable() })
  .openapi('CitizenQuestionCreated');

export const AssignSchema = z.object({ departmentId: z.string().min(1), topic: z.string().trim().max(100).nullable().optional() }).strict().openapi('CitizenQuestionAssign');
export const AnswerSchema = z.object({ answer: z.string().trim().min(ANSWER_MIN).max(ANSWER_MAX) }).strict().openapi('CitizenQuestionAnswer');
export const DiscardSchema = z.object({ reason: z.string().trim().min(3).max(REASON_MAX) }).strict().openapi('CitizenQuestionDiscard');
export const DuplicateSchema = z.object({ of: z.string().min(1) }).strict().openapi('CitizenQuestionDuplicate');
export const DeadlineSchema = z.object({ answerDeadlineDays: z.number().int().min(1).max(365) }).strict().openapi('AnswerDeadline');

export const ImportSchema = z
  .union([z.object({ publicationId: z.string().min(1) }).strict(), z.object({ eventId: z.string().min(1) }).strict()])
  .openapi('CommentImportRequest');

export const ImportResultSchema = z
  .object({
    network: z.enum(['x', 'youtube', 'facebook']),
    label: z.string(),
    read: z.number().int(),
    imported: z.number().int(),
    duplicates: z.number().int(),
    alreadyImported: z.number().int(),
    own: z.number().int(),
    tooShort: z.number().int(),
    complete: z.boolean(),
    stoppedBy: z.string().nullable(),
  })
  .openapi('CommentImportResult');

export const AnswersPieceSchema = z.object({ questionIds: z.array(z.string().min(1)).min(1).max(MAX_PIECE_QUESTIONS) }).strict().openapi('AnswersPieceRequest');
