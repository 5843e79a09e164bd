import { normalizeText } from '../../lib/text.js';
import type { Db } from '../../db/client.js';
import { toCsv } from '../../lib/csv.js';
import { formatDateTime } from '../../web/format.js';
import { parseAnswers, questionKindLabel, SCALE_MAX, SCALE_MIN, type Answers, type QuestionKind, type QuestionView } from './questions.js';
import type { SurveyState } from './schemas.js';
import { findSurvey, toSurveyView, type SurveyView } from './surveys.js';

/**
 * What the answers of a survey add up to, read from the stored answers only.
 *
 * - `answered`: responses that answered the question (a matrix: at least one row).
 * - Choices: how many responses picked each choice; percent = count / answered × 100, one
 *   decimal (a multiple choice's percents can add up to more than 100).
 * - Scale: responses per value 1–5, percent of answered, and the mean of the values, two
 *   decimals.
 * - Matrix: per row, responses per column (percent of the row's answers, in the CSV).
 * - Text: every answer, newest first, with its (hour-rounded) time.
 * - Topics (systematization): the topic question's choices by count (ties in the question's
 *   order), or its free-text answers grouped by normalizeText (lower case, no accents or
 *   punctuation), named by their most frequent spelling (ties: alphabetical) and ordered by
 *   count, then name; percent of answered; ties share a rank (1, 2, 2, 4).
 */

export type ChoiceCount = { label: string; count: number; percent: number | null };

export type QuestionResult = {
  questionId: string;
  position: number;
  kind: QuestionKind;
  prompt: string;
  isTopic: boolean;
  answered: number;
  choices?: ChoiceCount[];
  scale?: { distribution: { value: number; count: number; percent: number | null }[]; mean: number | null; minLabel: string | null; maxLabel: string | null };
  matrix?: { columns: string[]; rows: { label: string; answered: number; counts: number[] }[] };
  texts?: { text: string; submittedAt: string }[];
};

export type SurveyResults = {
  surveyId: string;
  title: string;
  state: SurveyState;
  responses: number;
  lastResponseAt: string | null;
  generatedAt: string;
  questions: QuestionResult[];
};

export type StoredResponse = { submittedAt: Date; answers: Answers };

const round1 = (x: number) => Math.round(x * 10) / 10;
const percentOf = (count: number, of: number) => (of > 0 ? round1((count / of) * 100) : null);

export async function loadResponses(db: Db, surveyId: string): Promise<StoredResponse[]> {
  const rows = await db.surveyResponse.findMany({ where: { surveyId }, orderBy: [{ submittedAt: 'asc' }, { id: 'asc' }], select: { submittedAt: true, answers: true } });
  return rows.map((r) => ({ submittedAt: r.submittedAt, answers: parseAnswers(r.answers) }));
}

/** One question's figures over the responses. */
export function questionResult(q: QuestionView, responses: StoredResponse[]): QuestionResult {
  const base = { questionId: q.id, position: q.position, kind: q.kind, prompt: q.prompt, isTopic: q.isTopic };
  const values = responses.map((r) => ({ value: r.answers[q.id], at: r.submittedAt })).filter((v) => v.value !== undefined && v.value !== null);
  switch (q.kind) {
    case 'single_choice':
    case 'multiple_choice': {
      const picked = values.map((v) => (Array.isArray(v.value) ? v.value : [v.value])).filter((list) => list.length > 0);
      const answered = picked.length;
      const choices = q.choices.map((label) => {
        const count = picked.filter((list) => list.includes(label)).length;
        return { label, count, percent: percentOf(count, answered) };
      });
      return { ...base, answered, choices };
    }
    case 'scale': {
      const numbers = values.map((v) => v.value).filter((n): n is number => typeof n === 'number' && n >= SCALE_MIN && n <= SCALE_MAX);
      const answered = numbers.length;
      const distribution = Array.from({ length: SCALE_MAX - SCALE_MIN + 1 }, (_, i) => {
        const value = SCALE_MIN + i;
        const count = numbers.filter((n) => n === value).length;
        return { value, count, percent: percentOf(count, answered) };
      });
      const mean = answered > 0 ? Math.round((numbers.reduce((s, n) => s + n, 0) / answered) * 100) / 100 : null;
      return { ...base, answered, scale: { distribution, mean, minLabel: q.minLabel, maxLabel: q.maxLabel } };
    }
    case 'matrix': {
      const maps = values.map((v) => v.value).filter((m): m is Record<string, string> => typeof m === 'object' && m !== null && !Array.isArray(m) && Object.keys(m).length > 0);
      const rows = q.rows.map((label) => {
        const counts = q.columns.map((column) => maps.filter((m) => m[label] === column).length);
        return { label, answered: counts.reduce((s, n) => s + n, 0), counts };
      });
      return { ...base, answered: maps.length, matrix: { columns: q.columns, rows } };
    }
    case 'short_text':
    case 'long_text': {
      const texts = values
        .filter((v): v is { value: string; at: Date } => typeof v.value === 'string' && v.value.trim() !== '')
        .map((v) => ({ text: v.value, submittedAt: v.at.toISOString() }))
        .reverse();
      return { ...base, answered: texts.length, texts };
    }
  }
}

export function resultsOf(survey: SurveyView, responses: StoredResponse[], now: Date): SurveyResults {
  const last = responses.reduce<Date | null>((max, r) => (max === null || r.submittedAt > max ? r.submittedAt : max), null);
  return {
    surveyId: survey.id,
    title: survey.title,
    state: survey.state,
    responses: responses.length,
    lastResponseAt: last?.toISOString() ?? null,
    generatedAt: now.toISOString(),
    questions: survey.questions.map((q) => questionResult(q, responses)),
  };
}

/** The live results of a survey (the results page and its JSON endpoint). */
export async function surveyResults(db: Db, surveyId: string, o: { publicUrl: string; now: Date }): Promise<{ survey: SurveyView; results: SurveyResults; responses: StoredResponse[] }> {
  const row = await findSurvey(db, surveyId);
  const responses = await loadResponses(db, surveyId);
  const survey = toSurveyView(row, { ...o, responses: responses.length });
  return { survey, results: resultsOf(survey, responses, o.now), responses };
}

// ---------------------------------------------------------------- systematization

export type RankedTopic = { rank: number; label: string; count: number; percent: number | null; variants: string[] };
export type TopicRanking = {
  surveyId: string;
  questionId: string | null;
  prompt: string | null;
  kind: QuestionKind | null;
  responses: number;
  answered: number;
  topics: RankedTopic[];
};

/** Ranks counted topics: by count, then as given (choices) or alphabetically (text); ties share a rank. */
function ranked(items: { label: string; count: number; variants: string[]; order: number }[], answered: number): RankedTopic[] {
  const sorted = [...items].sort((a, b) => b.count - a.count || a.order - b.order);
  let rank = 0;
  return sorted.map((item, i) => {
    if (i === 0 || item.count !== sorted[i - 1]!.count) rank = i + 1;
    return { rank, label: item.label, count: item.count, percent: percentOf(item.count, answered), variants: item.variants };
  });
}

/** The topic question's answers ranked, for the hearing's agenda. */
export function topicRanking(survey: SurveyView, responses: StoredResponse[]): TopicRanking {
  const q = survey.questions.find((x) => x.isTopic) ?? null;
  const empty = { surveyId: survey.id, questionId: q?.id ?? null, prompt: q?.prompt ?? null, kind: q?.kind ?? null, responses: responses.length, answered: 0, topics: [] };
  if (!q) return empty;
  const result = questionResult(q, responses);
  if (result.choices) {
    return { ...empty, answered: result.answered, topics: ranked(result.choices.map((c, order) => ({ label: c.label, count: c.count, variants: [], order })), result.answered) };
  }
  if (!result.texts) return { ...empty, answered: result.answered };
  const groups = new Map<string, { spellings: Map<string, number>; count: number }>();
  for (const { text } of result.texts) {
    const key = normalizeText(text);
    if (key === '') continue;
    const g = groups.get(key) ?? { spellings: new Map(), count: 0 };
    g.count += 1;
    const spelling = text.trim().replace(/\s+/g, ' ');
    g.spellings.set(spelling, (g.spellings.get(spelling) ?? 0) + 1);
    groups.set(key, g);
  }
  const items = [...groups.values()].map((g) => {
    // The most frequent spelling names the group; among equally frequent ones, the first alphabetically.
    const spellings = [...g.spellings.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0], 'es'));
    return { label: spellings[0]![0], count: g.count, variants: spellings.map(([s]) => s), order: 0 };
  });
  items.sort((a, b) => a.label.localeCompare(b.label, 'es'));
  items.forEach((item, i) => (item.order = i));
  return { ...empty, answered: result.answered, topics: ranked(items, result.answered) };
}

export async function surveyTopics(db: Db, surveyId: string, o: { publicUrl: string; now: Date }): Promise<{ survey: SurveyView; ranking: TopicRanking }> {
  const { survey, responses } = await surveyResults(db, surveyId, o);
  return { survey, ranking: topicRanking(survey, responses) };
}

// ---------------------------------------------------------------- CSV

/** One decimal with a comma, as a Spanish spreadsheet reads it ("33,3"); null → empty. */
const decimalText = (n: number | null) => (n === null ? '' : Number.isInteger(n) ? String(n) : String(n).replace('.', ','));

const columnTitle = (q: QuestionView) => `${q.position}. ${q.prompt}`;

/** Every response, one row each (numbered, with its hour), one column per question and per matrix row. */
export function responsesCsv(survey: SurveyView, responses: StoredResponse[], timeZone: string): string {
  const header = ['N.º', 'Fecha y hora (hora aproximada)'];
  for (const q of survey.questions) {
    if (q.kind === 'matrix') for (const row of q.rows) header.push(`${columnTitle(q)} — ${row}`);
    else header.push(columnTitle(q));
  }
  const rows = responses.map((r, i) => {
    const cells: string[] = [String(i + 1), formatDateTime(r.submittedAt.toISOString(), timeZone)];
    for (const q of survey.questions) {
      const v = r.answers[q.id];
      if (q.kind === 'matrix') {
        const m = v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, string>) : {};
        for (const row of q.rows) cells.push(m[row] ?? '');
      } else if (Array.isArray(v)) cells.push(v.join('; '));
      else cells.push(v === undefined || v === null ? '' : String(v));
    }
    return cells;
  });
  return toCsv(header, rows);
}

/** The results summary: a row per choice, scale value (and the mean), matrix cell, and text question. */
export function resultsCsv(results: SurveyResults): string {
  const header = ['N.º', 'Pregunta', 'Tipo', 'Opción o fila', 'Columna', 'Respuestas', 'Porcentaje (%)', 'Promedio'];
  const rows: string[][] = [['', 'Respuestas recibidas', '', '', '', String(results.responses), '', '']];
  for (const q of results.questions) {
    const start = [String(q.position), q.prompt, questionKindLabel[q.kind]];
    if (q.choices) for (const c of q.choices) rows.push([...start, c.label, '', String(c.count), decimalText(c.percent), '']);
    if (q.scale) {
      for (const d of q.scale.distribution) {
        const word = d.value === SCALE_MIN ? q.scale.minLabel : d.value === SCALE_MAX ? q.scale.maxLabel : null;
        rows.push([...start, word ? `${d.value} (${word})` : String(d.value), '', String(d.count), decimalText(d.percent), '']);
      }
      rows.push([...start, 'Promedio', '', String(q.answered), '', decimalText(q.scale.mean)]);
    }
    if (q.matrix) {
      for (const row of q.matrix.rows) {
        q.matrix.columns.forEach((column, i) => rows.push([...start, row.label, column, String(row.counts[i] ?? 0), decimalText(percentOf(row.counts[i] ?? 0, row.answered)), '']));
      }
    }
    if (q.texts) rows.push([...start, 'Respuestas de texto', '', String(q.answered), '', '']);
  }
  return toCsv(header, rows);
}

export function topicsCsv(ranking: TopicRanking): string {
  return toCsv(
    ['Puesto', 'Tema', 'Menciones', 'Porcentaje (%)', 'Formas en que se escribió'],
    ranking.topics.map((t) => [String(t.rank), t.label, String(t.count), decimalText(t.percent), t.variants.join(' | ')]),
  );
}

/** `encuesta-<slug>-respuestas.csv` and so on. */
export function surveyCsvFileName(slug: string, what: 'respuestas' | 'resultados' | 'temas'): string {
  return `encuesta-${slug}-${what}.csv`;
}
