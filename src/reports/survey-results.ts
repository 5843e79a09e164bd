import type { ChoiceCount, SurveyQuestionResult } from './report-types.js';

/**
 * Survey results for the report, counted from the stored JSON answers
 * (SurveyResponse.answers: `{ [questionId]: string | string[] | number | { [row]: column } }`)
 * and the questions' options (SurveyQuestion.options: the choices `["Salud", …]` of a choice
 * question, `{ rows, columns }` of a matrix, and for a scale `[]` or `{ min, max, minLabel,
 * maxLabel }`). Read defensively: an answer of the wrong shape for its question is not
 * counted, and nothing here throws on a malformed row.
 */

export type QuestionRow = { id: string; position: number; kind: string; prompt: string; options: string; isTopic: boolean };

const kinds = ['short_text', 'long_text', 'single_choice', 'multiple_choice', 'scale', 'matrix'] as const;
type Kind = (typeof kinds)[number];

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}

/** A choice written as a string, or as an object with a label (or value). */
function labelOf(value: unknown): string | null {
  if (typeof value === 'string') return value.trim() || null;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (value && typeof value === 'object') {
    const o = value as Record<string, unknown>;
    for (const key of ['label', 'value', 'text']) if (typeof o[key] === 'string' && (o[key] as string).trim()) return (o[key] as string).trim();
  }
  return null;
}

function labels(value: unknown): string[] {
  return Array.isArray(value) ? value.map(labelOf).filter((l): l is string => l !== null) : [];
}

const round1 = (x: number) => Math.round(x * 10) / 10;
const round2 = (x: number) => Math.round(x * 100) / 100;
export const percentOf = (part: number, whole: number): number | null => (whole > 0 ? round1((part / whole) * 100) : null);

function isAnswered(value: unknown): boolean {
  if (value === null || value === undefined) return false;
  if (typeof value === 'string') return value.trim() !== '';
  if (Array.isArray(value)) return value.some((v) => labelOf(v) !== null);
  if (typeof value === 'object') return Object.keys(value as object).length > 0;
  return typeof value === 'number' && Number.isFinite(value);
}

/** Scale bounds from the options: `{ min, max, minLabel, maxLabel }` when given, else 1–5. */
function scaleOf(options: unknown) {
  const o = options && typeof options === 'object' && !Array.isArray(options) ? (options as Record<string, unknown>) : {};
  const int = (v: unknown, fallback: number) => (typeof v === 'number' && Number.isInteger(v) ? v : fallback);
  let min = int(o['min'], 1);
  let max = int(o['max'], 5);
  if (max < min || max - min > 20) [min, max] = [1, 5];
  const text = (v: unknown) => (typeof v === 'string' && v.trim() ? v.trim() : null);
  return { min, max, minLabel: text(o['minLabel']), maxLabel: text(o['maxLabel']) };
}

function scaleValue(value: unknown): number | null {
  const n = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN;
  return Number.isFinite(n) ? n : null;
}

/** A matrix's rows and columns; a key or value may name a row or column by label or by its index. */
function matrixOf(options: unknown): { rows: string[]; columns: string[] } {
  const o = options && typeof options === 'object' && !Array.isArray(options) ? (options as Record<string, unknown>) : {};
  return { rows: labels(o['rows']), columns: labels(o['columns']) };
}

function indexIn(list: string[], key: string): number {
  const at = list.indexOf(key);
  if (at >= 0) return at;
  return /^\d+$/.test(key) && Number(key) < list.length ? Number(key) : -1;
}

/** Counts of the choices, in the question's order, then any other value answered (most answered first). */
function choiceCounts(choices: string[], values: string[][], answers: number): ChoiceCount[] {
  const counts = new Map<string, number>(choices.map((c) => [c, 0]));
  for (const picked of values) for (const v of new Set(picked)) counts.set(v, (counts.get(v) ?? 0) + 1);
  const extra = [...counts.entries()].filter(([label]) => !choices.includes(label)).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0], 'es'));
  return [...choices.map((c) => [c, counts.get(c)!] as const), ...extra].map(([label, count]) => ({ label, count, percent: percentOf(count, answers) }));
}

/** The results of one question over the parsed answers of every response. */
export function questionResult(q: QuestionRow, responses: Record<string, unknown>[]): SurveyQuestionResult {
  const kind: Kind = (kinds as readonly string[]).includes(q.kind) ? (q.kind as Kind) : 'short_text';
  const options = parseJson(q.options);
  const given = responses.map((r) => r[q.id]).filter(isAnswered);
  const base = { id: q.id, position: q.position, kind, prompt: q.prompt, isTopic: q.isTopic, choices: [] as ChoiceCount[], scale: null, matrix: null };

  if (kind === 'single_choice' || kind === 'multiple_choice') {
    const values = given.map((v) => (Array.isArray(v) ? labels(v) : [labelOf(v)].filter((l): l is string => l !== null))).filter((v) => v.length > 0);
    return { ...base, answers: values.length, choices: choiceCounts(labels(options), values, values.length) };
  }
  if (kind === 'scale') {
    const bounds = scaleOf(options);
    const values = given.map(scaleValue).filter((n): n is number => n !== null && n >= bounds.min && n <= bounds.max);
    const distribution = Array.from({ length: bounds.max - bounds.min + 1 }, (_, i) => bounds.min + i).map((value) => ({ value, count: values.filter((v) => Math.round(v) === value).length }));
    const mean = values.length > 0 ? round2(values.reduce((s, v) => s + v, 0) / values.length) : null;
    return { ...base, answers: values.length, scale: { ...bounds, mean, distribution } };
  }
  if (kind === 'matrix') {
    const { rows, columns } = matrixOf(options);
    const counts = rows.map(() => columns.map(() => 0));
    let answers = 0;
    for (const v of given) {
      if (typeof v !== 'object' || v === null || Array.isArray(v)) continue;
      let any = false;
      for (const [rowKey, col] of Object.entries(v as Record<string, unknown>)) {
        const r = indexIn(rows, rowKey);
        const label = labelOf(col);
        const c = label === null ? -1 : indexIn(columns, label);
        if (r >= 0 && c >= 0) {
          counts[r]![c]! += 1;
          any = true;
        }
      }
      if (any) answers += 1;
    }
    return { ...base, answers, matrix: { rows, columns, counts } };
  }
  // Free text: only counted. What citizens wrote is read on the survey's own results page, never in the report.
  return { ...base, answers: given.filter((v) => typeof v === 'string').length };
}

/** Every response's answers as an object (a malformed row counts as a response that answered nothing). */
export function parseAnswers(rows: { answers: string }[]): Record<string, unknown>[] {
  return rows.map((r) => {
    const parsed = parseJson(r.answers);
    return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : {};
  });
}
