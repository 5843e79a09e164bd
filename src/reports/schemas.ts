import { z } from '@hono/zod-openapi';
import { pieceKindLabel } from '../i18n/es.js';
import type { EvaluationView } from './evaluations.js';
import type { Report } from './report-types.js';

/**
 * The report's JSON shape for the API documentation. report-types.ts is the reference (each
 * figure documented there); the assertions at the end keep the two the same.
 */

const keys = <T extends Record<string, string>>(o: T) => Object.keys(o) as [keyof T & string, ...(keyof T & string)[]];
const Network = z.enum(['x', 'youtube', 'facebook', 'website']);
const ChannelKey = z.enum(['x', 'youtube', 'facebook', 'website', 'offline']);
const PieceKind = z.enum(keys(pieceKindLabel));
const byNetwork = z.object({ x: z.number().int(), youtube: z.number().int(), facebook: z.number().int(), website: z.number().int() });
const percent = z.number().nullable().openapi({ description: '×100, una cifra decimal; null sin base' });

const ScheduleRowSchema = z
  .object({
    subcomponentId: z.string().nullable(),
    name: z.string(),
    activities: z.number().int().openapi({ description: 'Actividades sin contar las canceladas' }),
    cancelled: z.number().int(),
    completed: z.number().int().openapi({ description: 'Estado «Cumplida»' }),
    completedOnTime: z.number().int().openapi({ description: 'Cumplidas con fecha real de fin ≤ fecha programada de fin' }),
    completedLate: z.number().int(),
    completedUndated: z.number().int().openapi({ description: 'Cumplidas sin fecha programada o real de fin' }),
    lateNow: z.number().int().openapi({ description: 'Atrasadas hoy según la regla del plan' }),
    completedPercent: percent,
    onTimePercent: percent,
    averageProgress: z.number().openapi({ description: 'Avance ponderado por el peso de cada actividad, 0–100' }),
  })
  .openapi('ReportScheduleRow');

const ReachFigures = { reach: z.number(), interactions: z.number() };

const QuestionResultSchema = z
  .object({
    id: z.string(),
    position: z.number().int(),
    kind: z.enum(['short_text', 'long_text', 'single_choice', 'multiple_choice', 'scale', 'matrix']),
    prompt: z.string(),
    isTopic: z.boolean(),
    answers: z.number().int(),
    choices: z.array(z.object({ label: z.string(), count: z.number().int(), percent })),
    scale: z
      .object({
        min: z.number().int(),
        max: z.number().int(),
        minLabel: z.string().nullable(),
        maxLabel: z.string().nullable(),
        mean: z.number().nullable(),
        distribution: z.array(z.object({ value: z.number().int(), count: z.number().int() })),
      })
      .nullable(),
    matrix: z.object({ rows: z.array(z.string()), columns: z.array(z.string()), counts: z.array(z.array(z.number().int())) }).nullable(),
  })
  .openapi('ReportSurveyQuestion');

export const ReportSchema = z
  .object({
    plan: z.object({ id: z.string(), title: z.string(), objective: z.string().nullable(), year: z.number().int().nullable() }),
    timeZone: z.string(),
    generatedAt: z.string(),
    today: z.string(),
    hearing: z
      .object({
        title: z.string(),
        startsAt: z.string(),
        endsAt: z.string().nullable(),
        place: z.string().nullable(),
        agenda: z.array(z.object({ time: z.string().nullable(), text: z.string() })),
        watchUrl: z.string().nullable(),
        recordingUrl: z.string().nullable(),
      })
      .nullable(),
    schedule: z.object({ bySubcomponent: z.array(ScheduleRowSchema), total: ScheduleRowSchema }),
    pieces: z.object({
      byKind: z.array(
        z.object({
          kind: PieceKind,
          label: z.string(),
          produced: z.number().int().openapi({ description: 'Piezas aprobadas, programadas, publicadas o fallidas' }),
          published: z.number().int(),
          publicationsByChannel: byNetwork,
          publications: z.number().int(),
        }),
      ),
      channels: z.array(Network),
      totals: z.object({ produced: z.number().int(), published: z.number().int(), publications: z.number().int(), publicationsByChannel: byNetwork }),
    }),
    reach: z.object({
      totals: z.object({ ...ReachFigures, engagementRate: z.number().nullable(), publications: z.number().int(), manualReach: z.number() }),
      channels: z.array(ChannelKey),
      byChannel: z.array(z.object({ key: ChannelKey, label: z.string(), ...ReachFigures, publications: z.number().int() })),
      bySubcomponent: z.array(z.object({ subcomponentId: z.string(), name: z.string(), ...ReachFigures, byChannel: z.partialRecord(ChannelKey, z.object(ReachFigures)) })),
    }),
    surveys: z.array(
      z.object({
        id: z.string(),
        slug: z.string(),
        title: z.string(),
        purpose: z.enum(['topics', 'perception', 'other']),
        opensAt: z.string().nullable(),
        closesAt: z.string().nullable(),
        open: z.boolean(),
        responses: z.number().int(),
        questions: z.array(QuestionResultSchema),
      }),
    ),
    questions: z.object({
      received: z.number().int().openapi({ description: 'Todas menos las duplicadas' }),
      duplicates: z.number().int(),
      discarded: z.number().int(),
      answered: z.number().int().openapi({ description: 'Respondidas, aprobadas o publicadas' }),
      published: z.number().int(),
      publishedOnTime: z.number().int().openapi({ description: 'Publicadas el día límite o antes (zona de la oficina)' }),
      publishedLate: z.number().int(),
      overdue: z.number().int().openapi({ description: 'Sin publicar, ni descartadas ni duplicadas, pasado el día límite' }),
      pending: z.number().int(),
      deadlineDays: z.number().int(),
      deadline: z.string().nullable().openapi({ description: 'Día límite (AAAA-MM-DD): el día de la audiencia más deadlineDays' }),
      publishedPercent: percent,
      onTimePercent: percent,
    }),
    evaluation: z.array(
      z.object({ subcomponentId: z.string(), name: z.string(), strengths: z.string(), weaknesses: z.string(), improvements: z.string(), updatedAt: z.string().nullable() }),
    ),
    lateActivities: z
      .array(
        z.object({
          activityId: z.string(),
          subcomponent: z.string(),
          description: z.string(),
          reason: z.enum(['not_started', 'not_finished']),
          daysLate: z.number().int(),
          plannedStart: z.string().nullable(),
          plannedEnd: z.string().nullable(),
        }),
      )
      .nullable(),
    piecesInProgress: z.array(z.object({ kind: PieceKind, label: z.string(), count: z.number().int() })).nullable(),
  })
  .openapi('Report');

export const EvaluationSchema = z
  .object({
    subcomponentId: z.string(),
    subcomponent: z.string(),
    position: z.number().int(),
    strengths: z.string(),
    weaknesses: z.string(),
    improvements: z.string(),
    updatedAt: z.string().nullable(),
  })
  .openapi('Evaluation');

// The schemas describe exactly the types (a compile error otherwise).
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const reportMatches: Same<z.infer<typeof ReportSchema>, Report> = true;
const evaluationMatches: Same<z.infer<typeof EvaluationSchema>, EvaluationView> = true;
void reportMatches;
void evaluationMatches;
