import { z } from '@hono/zod-openapi';
import { Instant } from '../../http/schemas.js';
import { questionKinds, SCALE_MAX, SCALE_MIN } from './questions.js';

export const surveyPurposes = ['topics', 'perception', 'other'] as const;
export type SurveyPurpose = (typeof surveyPurposes)[number];
export const surveyPurposeLabel: Record<SurveyPurpose, string> = {
  topics: 'Temas de interés para la audiencia',
  perception: 'Percepción (Incentivos)',
  other: 'Otra',
};

export const surveyStatuses = ['draft', 'published'] as const;
export type SurveyStatus = (typeof surveyStatuses)[number];

/** What a citizen finds at the survey's address now. */
export const surveyStates = ['draft', 'scheduled', 'open', 'closed'] as const;
export type SurveyState = (typeof surveyStates)[number];
export const surveyStateLabel: Record<SurveyState, string> = {
  draft: 'Borrador',
  scheduled: 'Publicada, todavía no abre',
  open: 'Abierta',
  closed: 'Cerrada',
};

/** The public address's last part: lower-case letters, digits and single hyphens. */
export const surveySlugPattern = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

const choiceList = z.array(z.string().trim().min(1, 'Una opción no puede estar vacía.').max(200)).max(40);

export const QuestionKindSchema = z.enum(questionKinds).openapi('SurveyQuestionKind');

export const QuestionInputSchema = z
  .object({
    kind: QuestionKindSchema,
    prompt: z.string().trim().min(3, 'Escriba la pregunta (al menos 3 caracteres).').max(500),
    help: z.string().trim().max(1000).nullable().optional(),
    required: z.boolean().optional(),
    isTopic: z.boolean().optional(),
    /** single_choice, multiple_choice: 2 to 40 choices. */
    choices: choiceList.optional(),
    /** matrix: 1 to 20 rows and 2 to 10 columns. */
    rows: choiceList.optional(),
    columns: choiceList.optional(),
    /** scale: the words at 1 and at 5 (optional). */
    minLabel: z.string().trim().max(60).nullable().optional(),
    maxLabel: z.string().trim().max(60).nullable().optional(),
  })
  .strict()
  .openapi('SurveyQuestionInput');
export type QuestionInput = z.infer<typeof QuestionInputSchema>;

export const QuestionUpdateSchema = QuestionInputSchema.partial().strict().openapi('SurveyQuestionUpdate');
export type QuestionUpdate = z.infer<typeof QuestionUpdateSchema>;

const surveyEditable = {
  title: z.string().trim().min(3, 'El título debe tener al menos 3 caracteres.').max(200),
  description: z.string().trim().max(5000),
  purpose: z.enum(surveyPurposes),
  activityId: z.string().min(1).nullable(),
  opensAt: Instant.nullable(),
  closesAt: Instant.nullable(),
  slug: z.string().trim().min(3).max(80).regex(surveySlugPattern, 'La dirección solo puede tener minúsculas sin tildes, números y guiones (ej.: temas-audiencia-2026).'),
};

export const SurveyCreateSchema = z
  .object({ planId: z.string().min(1), ...surveyEditable })
  .partial({ description: true, purpose: true, activityId: true, opensAt: true, closesAt: true, slug: true })
  .strict()
  .openapi('SurveyCreate');
export type SurveyCreate = z.infer<typeof SurveyCreateSchema>;

export const SurveyUpdateSchema = z.object(surveyEditable).partial().strict().openapi('SurveyUpdate');
export type SurveyUpdate = z.infer<typeof SurveyUpdateSchema>;

export const SurveyDuplicateSchema = z
  .object({ title: surveyEditable.title.optional(), purpose: z.enum(surveyPurposes).optional() })
  .strict()
  .openapi('SurveyDuplicate');

export const QuestionOrderSchema = z.object({ questionIds: z.array(z.string().min(1)).min(1) }).strict().openapi('SurveyQuestionOrder');

export const QuestionSchema = z
  .object({
    id: z.string(),
    position: z.number().int(),
    kind: QuestionKindSchema,
    prompt: z.string(),
    help: z.string().nullable(),
    required: z.boolean(),
    isTopic: z.boolean(),
    choices: z.array(z.string()),
    rows: z.array(z.string()),
    columns: z.array(z.string()),
    minLabel: z.string().nullable(),
    maxLabel: z.string().nullable(),
  })
  .openapi('SurveyQuestion');

export const SurveySchema = z
  .object({
    id: z.string(),
    planId: z.string(),
    activityId: z.string().nullable(),
    slug: z.string(),
    title: z.string(),
    description: z.string(),
    purpose: z.enum(surveyPurposes),
    status: z.enum(surveyStatuses),
    state: z.enum(surveyStates),
    opensAt: z.string().nullable(),
    closesAt: z.string().nullable(),
    publicUrl: z.string(),
    responses: z.number().int(),
    questions: z.array(QuestionSchema),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('Survey');

const ChoiceCount = z.object({ label: z.string(), count: z.number().int(), percent: z.number().nullable() });

export const QuestionResultSchema = z
  .object({
    questionId: z.string(),
    position: z.number().int(),
    kind: QuestionKindSchema,
    prompt: z.string(),
    isTopic: z.boolean(),
    answered: z.number().int(),
    choices: z.array(ChoiceCount).optional(),
    scale: z
      .object({
        distribution: z.array(z.object({ value: z.number().int().min(SCALE_MIN).max(SCALE_MAX), count: z.number().int(), percent: z.number().nullable() })),
        mean: z.number().nullable(),
        minLabel: z.string().nullable(),
        maxLabel: z.string().nullable(),
      })
      .optional(),
    matrix: z
      .object({
        columns: z.array(z.string()),
        rows: z.array(z.object({ label: z.string(), answered: z.number().int(), counts: z.array(z.number().int()) })),
      })
      .optional(),
    texts: z.array(z.object({ text: z.string(), submittedAt: z.string() })).optional(),
  })
  .openapi('SurveyQuestionResult');

export const SurveyResultsSchema = z
  .object({
    surveyId: z.string(),
    title: z.string(),
    state: z.enum(surveyStates),
    responses: z.number().int(),
    lastResponseAt: z.string().nullable(),
    generatedAt: z.string(),
    questions: z.array(QuestionResultSchema),
  })
  .openapi('SurveyResults');

export const TopicRankingSchema = z
  .object({
    surveyId: z.string(),
    questionId: z.string().nullable(),
    prompt: z.string().nullable(),
    kind: QuestionKindSchema.nullable(),
    responses: z.number().int(),
    answered: z.number().int(),
    topics: z.array(z.object({ rank: z.number().int(), label: z.string(), count: z.number().int(), percent: z.number().nullable(), variants: z.array(z.string()) })),
  })
  .openapi('SurveyTopicRanking');
