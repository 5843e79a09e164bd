import { randomUUID } from 'node:crypto';
import type { Db } from '../../db/client.js';
import { AppError } from '../../errors.js';
import { checkAnswers, toQuestionView, type Answers } from './questions.js';
import { surveyState, type SurveyRow } from './surveys.js';

/**
 * A citizen's answers to a published, open survey. Stored: the answers and the hour they came
 * in (rounded down, so responses cannot be lined up with a server log), under a random id (a
 * cuid would carry the exact time). No address, no user agent, no cookie, no account, and no
 * audit entry (the audit trail keeps the sender's address).
 */

/** The hour an instant falls in (UTC hours; every zone Pregón serves has whole-hour offsets or none that matter here). */
export function roundToHour(d: Date): Date {
  return new Date(Math.floor(d.getTime() / 3_600_000) * 3_600_000);
}

export async function findSurveyBySlug(db: Db, slug: string): Promise<SurveyRow | null> {
  return db.survey.findUnique({ where: { slug }, include: { questions: { orderBy: { position: 'asc' } } } });
}

/** Why the survey does not take answers now (Spanish), or null when it does. */
export function closedReason(survey: SurveyRow, now: Date, formatWhen: (d: Date) => string): string | null {
  switch (surveyState(survey, now)) {
    case 'draft':
      return 'Esta encuesta no está publicada y no recibe respuestas.';
    case 'scheduled':
      return `La encuesta todavía no está abierta: recibe respuestas desde el ${formatWhen(survey.opensAt!)}.`;
    case 'closed':
      return `La encuesta está cerrada desde el ${formatWhen(survey.closesAt!)} y ya no recibe respuestas. Gracias por su interés.`;
    case 'open':
      return null;
  }
}

export type ResponseCheck = { ok: true; answers: Answers } | { ok: false; errors: Record<string, string> };

/** Checks raw answers against the survey's questions (checkAnswers), plus: at least one answer. */
export function checkResponse(survey: SurveyRow, raw: Record<string, unknown>): ResponseCheck {
  const questions = survey.questions.map(toQuestionView);
  const { answers, errors } = checkAnswers(questions, raw);
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  if (Object.keys(answers).length === 0) {
    const first = questions[0];
    return { ok: false, errors: first ? { [first.id]: 'Responda al menos una pregunta antes de enviar.' } : {} };
  }
  return { ok: true, answers };
}

/**
 * Stores checked answers, if the survey still takes them (checked again inside the write, so
 * a survey closed meanwhile refuses with 409).
 */
export async function storeResponse(db: Db, survey: SurveyRow, answers: Answers, now: Date): Promise<void> {
  await db.$transaction(async (tx) => {
    const fresh = await tx.survey.findUnique({ where: { id: survey.id }, select: { status: true, opensAt: true, closesAt: true } });
    if (!fresh || surveyState(fresh, now) !== 'open') throw new AppError('conflict', 'La encuesta está cerrada y ya no recibe respuestas.');
    await tx.surveyResponse.create({ data: { id: randomUUID(), surveyId: survey.id, submittedAt: roundToHour(now), answers: JSON.stringify(answers) } });
  });
}
