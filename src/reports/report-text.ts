import type { ChannelKey } from '../metrics/rollup-types.js';
import { channelLabel } from '../metrics/rollups.js';
import { formatCount, formatDate, formatDateTime } from '../web/format.js';
import type { QuestionsSection, Report, ScheduleRow, SurveyQuestionResult, SurveyResult } from './report-types.js';

/**
 * The words and number formats of the report, shared by the web pages and the PDF so both say
 * the same thing (es-CO: 1.234; 45,5 %; "24 de noviembre de 2026, 3:00 p. m.").
 */

const decimal1 = new Intl.NumberFormat('es-CO', { minimumFractionDigits: 1, maximumFractionDigits: 1 });
const decimal2 = new Intl.NumberFormat('es-CO', { minimumFractionDigits: 0, maximumFractionDigits: 2 });

export const fmt = {
  count: formatCount,
  /** A percentage already ×100: "45,5 %". */
  percent: (p: number | null | undefined) => (p === null || p === undefined ? '—' : `${decimal1.format(p)} %`),
  /** A rate between 0 and 1: "4,6 %". */
  rate: (r: number | null | undefined) => (r === null || r === undefined ? '—' : `${decimal1.format(r * 100)} %`),
  /** A mean: "3,67". */
  mean: (n: number | null | undefined) => (n === null || n === undefined ? '—' : decimal2.format(n)),
  date: (day: string | null) => formatDate(day),
  dateTime: (iso: string | null, timeZone: string) => formatDateTime(iso, timeZone),
};

export const reportTitle = 'Informe general de rendición de cuentas';

export const sectionTitles = {
  schedule: 'Cumplimiento del cronograma',
  pieces: 'Piezas producidas y publicadas',
  reach: 'Alcance e interacción',
  surveys: 'Resultados de las encuestas',
  questions: 'Preguntas de la ciudadanía',
  evaluation: 'Evaluación del proceso',
} as const;
export type SectionKey = keyof typeof sectionTitles;
export const sectionOrder: SectionKey[] = ['schedule', 'pieces', 'reach', 'surveys', 'questions', 'evaluation'];

/** How each section counts, in one or two sentences (under each heading, on the page and in the PDF). */
export const sectionNotes: Record<SectionKey, string> = {
  schedule:
    'Actividades del plan sin contar las canceladas. Cumplida a tiempo: terminada en la fecha programada o antes; atrasada hoy: sin terminar después de su fecha final o sin iniciar después de su fecha de inicio. El avance promedio pondera cada actividad por su peso.',
  pieces:
    'Producidas: piezas que llegaron a aprobarse (aprobadas, programadas, publicadas o fallidas). Publicadas: piezas que salieron en todos sus canales. Por canal: publicaciones hechas en cada red o en el sitio web.',
  reach:
    'Alcance: impresiones (o reproducciones y visitas) de la última lectura de cada publicación, más el alcance registrado a mano de las piezas fuera de línea (radio, prensa, afiches, ferias, reuniones). Interacciones: me gusta, compartidos, respuestas, citas y guardados.',
  surveys:
    'Encuestas publicadas y sus respuestas, guardadas sin datos personales. En las preguntas de selección múltiple los porcentajes pueden sumar más de 100 %.',
  questions:
    'Recibidas: todas las preguntas, sin contar las duplicadas. Respondidas: con respuesta escrita. A tiempo: publicadas dentro del plazo legal después de la audiencia.',
  evaluation: 'Fortalezas, debilidades y oportunidades de mejora de cada subcomponente, según la evaluación de la administración.',
};

export const purposeLabel: Record<SurveyResult['purpose'], string> = {
  topics: 'Temas de interés para la audiencia',
  perception: 'Percepción',
  other: 'Otra',
};

export const questionKindLabel: Record<SurveyQuestionResult['kind'], string> = {
  short_text: 'Respuesta corta',
  long_text: 'Respuesta larga',
  single_choice: 'Selección única',
  multiple_choice: 'Selección múltiple',
  scale: 'Escala',
  matrix: 'Matriz',
};

export const channelName = (key: ChannelKey) => channelLabel(key);

/** The schedule table's columns: label and value of a row. */
export const scheduleColumns: { label: string; value: (r: ScheduleRow) => string }[] = [
  { label: 'Actividades', value: (r) => fmt.count(r.activities) },
  { label: 'Cumplidas', value: (r) => `${fmt.count(r.completed)} (${fmt.percent(r.completedPercent)})` },
  { label: 'A tiempo', value: (r) => fmt.count(r.completedOnTime) },
  { label: 'Con retraso', value: (r) => fmt.count(r.completedLate) },
  { label: 'Atrasadas hoy', value: (r) => fmt.count(r.lateNow) },
  { label: 'Avance promedio', value: (r) => `${fmt.count(r.averageProgress)} %` },
];

/** The questions' figures in reading order, with a short explanation each. */
export function questionFigures(q: QuestionsSection): { key: keyof QuestionsSection; label: string; value: number }[] {
  return [
    { key: 'received', label: 'Recibidas', value: q.received },
    { key: 'answered', label: 'Respondidas', value: q.answered },
    { key: 'published', label: 'Respuestas publicadas', value: q.published },
    { key: 'publishedOnTime', label: 'Publicadas a tiempo', value: q.publishedOnTime },
    { key: 'publishedLate', label: 'Publicadas fuera de plazo', value: q.publishedLate },
    { key: 'overdue', label: 'Vencidas sin publicar', value: q.overdue },
    { key: 'discarded', label: 'Descartadas', value: q.discarded },
    { key: 'duplicates', label: 'Duplicadas', value: q.duplicates },
  ];
}

/** "El plazo para publicar las respuestas es de 15 días después de la audiencia: hasta el 10 de diciembre de 2026." */
export function deadlineText(q: QuestionsSection): string {
  return q.deadline
    ? `El plazo para publicar las respuestas es de ${fmt.count(q.deadlineDays)} días después de la audiencia: hasta el ${fmt.date(q.deadline)}.`
    : `El plazo para publicar las respuestas es de ${fmt.count(q.deadlineDays)} días después de la audiencia, que todavía no tiene fecha.`;
}

/** Ends a sentence with a period, unless it already ends with one ("3:00 p. m."). */
export function sentence(text: string): string {
  return text.endsWith('.') ? text : `${text}.`;
}

/** "Cifras con corte al 24 de noviembre de 2026, 3:00 p. m." */
export function cutOffText(report: Report): string {
  return sentence(`Cifras con corte al ${fmt.dateTime(report.generatedAt, report.timeZone)}`);
}

/** A survey's dates in words. */
export function surveyDates(s: SurveyResult, timeZone: string): string {
  if (s.opensAt && s.closesAt) return `Del ${fmt.dateTime(s.opensAt, timeZone)} al ${fmt.dateTime(s.closesAt, timeZone)}`;
  if (s.opensAt) return `Desde el ${fmt.dateTime(s.opensAt, timeZone)}`;
  if (s.closesAt) return `Hasta el ${fmt.dateTime(s.closesAt, timeZone)}`;
  return 'Sin fechas de apertura ni cierre';
}

/** The period on the cover: the plan's year when it has one. */
export function periodText(report: Report): string | null {
  return report.plan.year ? `Vigencia ${report.plan.year}` : null;
}

export const evaluationEmpty = 'Sin evaluación registrada.';
