/**
 * A survey question's kinds, how their options are stored (SurveyQuestion.options, JSON) and
 * how a citizen's answer to each is read and checked. Pure functions: no database.
 *
 * Stored options:  single_choice / multiple_choice → ["Salud", "Vías", …]
 *                  matrix → { "rows": [...], "columns": [...] }
 *                  scale  → { "minLabel": "Nada satisfecho" | null, "maxLabel": … | null } (always 1 to 5)
 *                  short_text / long_text → []
 * Stored answers (SurveyResponse.answers, JSON keyed by question id): text → string;
 * single_choice → the choice; multiple_choice → the choices, in the question's order;
 * scale → 1…5; matrix → { row: column } (rows left blank are absent). Unanswered → absent.
 */

export const questionKinds = ['short_text', 'long_text', 'single_choice', 'multiple_choice', 'scale', 'matrix'] as const;
export type QuestionKind = (typeof questionKinds)[number];

export const questionKindLabel: Record<QuestionKind, string> = {
  short_text: 'Texto corto',
  long_text: 'Texto largo',
  single_choice: 'Selección única',
  multiple_choice: 'Selección múltiple',
  scale: 'Escala de 1 a 5',
  matrix: 'Matriz (filas × columnas)',
};

export function isQuestionKind(value: unknown): value is QuestionKind {
  return typeof value === 'string' && (questionKinds as readonly string[]).includes(value);
}

export const SCALE_MIN = 1;
export const SCALE_MAX = 5;
export const SHORT_TEXT_MAX = 500;
export const LONG_TEXT_MAX = 5000;

/** A question as the pages, the API and the answer checks read it: every kind's options flattened. */
export type QuestionView = {
  id: string;
  position: number;
  kind: QuestionKind;
  prompt: string;
  help: string | null;
  required: boolean;
  isTopic: boolean;
  /** single_choice, multiple_choice */
  choices: string[];
  /** matrix */
  rows: string[];
  columns: string[];
  /** scale: the words at 1 and at 5 */
  minLabel: string | null;
  maxLabel: string | null;
};

export type MatrixAnswer = Record<string, string>;
export type AnswerValue = string | string[] | number | MatrixAnswer;
export type Answers = Record<string, AnswerValue>;

type QuestionRow = { id: string; position: number; kind: string; prompt: string; help: string | null; required: boolean; isTopic: boolean; options: string };

const stringList = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);
const stringOrNull = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);

export function toQuestionView(q: QuestionRow): QuestionView {
  const kind: QuestionKind = isQuestionKind(q.kind) ? q.kind : 'short_text';
  let options: unknown;
  try {
    options = JSON.parse(q.options);
  } catch {
    options = [];
  }
  const o = (options && typeof options === 'object' && !Array.isArray(options) ? options : {}) as Record<string, unknown>;
  return {
    id: q.id,
    position: q.position,
    kind,
    prompt: q.prompt,
    help: q.help,
    required: q.required,
    isTopic: q.isTopic,
    choices: kind === 'single_choice' || kind === 'multiple_choice' ? stringList(options) : [],
    rows: kind === 'matrix' ? stringList(o['rows']) : [],
    columns: kind === 'matrix' ? stringList(o['columns']) : [],
    minLabel: kind === 'scale' ? stringOrNull(o['minLabel']) : null,
    maxLabel: kind === 'scale' ? stringOrNull(o['maxLabel']) : null,
  };
}

/** The options column for a kind, from the flattened fields (the other kinds' fields are dropped). */
export function optionsJson(kind: QuestionKind, q: { choices?: string[]; rows?: string[]; columns?: string[]; minLabel?: string | null; maxLabel?: string | null }): string {
  switch (kind) {
    case 'single_choice':
    case 'multiple_choice':
      return JSON.stringify(q.choices ?? []);
    case 'matrix':
      return JSON.stringify({ rows: q.rows ?? [], columns: q.columns ?? [] });
    case 'scale':
      return JSON.stringify({ minLabel: q.minLabel ?? null, maxLabel: q.maxLabel ?? null });
    default:
      return '[]';
  }
}

/** Whether a kind's answers can be the topics of the hearing (systematization). */
export function canBeTopic(kind: QuestionKind): boolean {
  return kind !== 'scale' && kind !== 'matrix';
}

/** What a question's options must satisfy before it can be saved; the Spanish problem, or null. */
export function optionsProblem(kind: QuestionKind, q: { choices: string[]; rows: string[]; columns: string[] }): string | null {
  const list = (items: string[], what: string, min: number, max: number): string | null => {
    if (items.length < min) return `Escriba al menos ${min} ${what} (una por línea).`;
    if (items.length > max) return `Son demasiadas ${what}: como máximo ${max}.`;
    const long = items.find((i) => i.length > 200);
    if (long) return `La opción «${long.slice(0, 40)}…» es demasiado larga (máximo 200 caracteres).`;
    const seen = new Set<string>();
    for (const item of items) {
      const key = item.toLocaleLowerCase('es');
      if (seen.has(key)) return `La opción «${item}» está repetida en ${what}.`;
      seen.add(key);
    }
    return null;
  };
  if (kind === 'single_choice' || kind === 'multiple_choice') return list(q.choices, 'opciones', 2, 40);
  if (kind === 'matrix') return list(q.rows, 'filas', 1, 20) ?? list(q.columns, 'columnas', 2, 10);
  return null;
}

/** Lines of a textarea as a list: trimmed, blank lines dropped. */
export function linesOf(text: string | undefined | null): string[] {
  return (text ?? '')
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '');
}

// ---------------------------------------------------------------- answers

/** The form field of a question (and of one matrix row). */
export const fieldName = (questionId: string) => `q_${questionId}`;
export const matrixFieldName = (questionId: string, rowIndex: number) => `q_${questionId}_${rowIndex}`;

type FormValue = string | File | (string | File)[] | undefined;
export type RawForm = Record<string, FormValue>;

const texts = (v: FormValue): string[] => (v === undefined ? [] : (Array.isArray(v) ? v : [v]).filter((x): x is string => typeof x === 'string'));

/**
 * A form post (`parseBody({ all: true })`) as raw answers, keyed by question id, in the shape
 * checkAnswers reads: text and single choices as a string, multiple choices as a list, the
 * scale as its text, a matrix as { row: column } of what was picked.
 */
export function answersFromForm(questions: QuestionView[], form: RawForm): Record<string, unknown> {
  const raw: Record<string, unknown> = {};
  for (const q of questions) {
    if (q.kind === 'matrix') {
      const picked: Record<string, string> = {};
      q.rows.forEach((row, i) => {
        const value = texts(form[matrixFieldName(q.id, i)])[0];
        if (value !== undefined && value !== '') picked[row] = value;
      });
      raw[q.id] = picked;
    } else if (q.kind === 'multiple_choice') {
      raw[q.id] = texts(form[fieldName(q.id)]);
    } else {
      raw[q.id] = texts(form[fieldName(q.id)])[0];
    }
  }
  return raw;
}

export type AnswerCheck = {
  /** The answers to store, typed per kind; unanswered questions are absent. */
  answers: Answers;
  /** Spanish problem per question id. */
  errors: Record<string, string>;
};

/**
 * Checks raw answers (from the form or JSON) against the questions: required ones answered,
 * choices among the question's choices, the scale 1–5, text within its length. Anything
 * not in the questions is ignored.
 */
export function checkAnswers(questions: QuestionView[], raw: Record<string, unknown>): AnswerCheck {
  const answers: Answers = {};
  const errors: Record<string, string> = {};
  for (const q of questions) {
    const value = raw[q.id];
    const result = checkOne(q, value);
    if ('error' in result) errors[q.id] = result.error;
    else if (result.value === undefined) {
      if (q.required) errors[q.id] = q.kind === 'matrix' ? 'Responda todas las filas de esta pregunta: es obligatoria.' : 'Esta pregunta es obligatoria.';
    } else answers[q.id] = result.value;
  }
  return { answers, errors };
}

function checkOne(q: QuestionView, value: unknown): { value: AnswerValue | undefined } | { error: string } {
  switch (q.kind) {
    case 'short_text':
    case 'long_text': {
      if (value === undefined || value === null) return { value: undefined };
      if (typeof value !== 'string') return { error: 'La respuesta debe ser un texto.' };
      const text = value.trim();
      const max = q.kind === 'short_text' ? SHORT_TEXT_MAX : LONG_TEXT_MAX;
      if (text.length > max) return { error: `La respuesta es demasiado larga: como máximo ${max} caracteres (tiene ${text.length}).` };
      return { value: text === '' ? undefined : text };
    }
    case 'single_choice': {
      if (value === undefined || value === null || value === '') return { value: undefined };
      if (typeof value !== 'string' || !q.choices.includes(value)) return { error: 'Elija una de las opciones de la lista.' };
      return { value };
    }
    case 'multiple_choice': {
      const list = value === undefined || value === null ? [] : Array.isArray(value) ? value : [value];
      if (list.some((v) => typeof v !== 'string' || !q.choices.includes(v))) return { error: 'Marque solo opciones de la lista.' };
      const picked = q.choices.filter((c) => list.includes(c));
      return { value: picked.length === 0 ? undefined : picked };
    }
    case 'scale': {
      if (value === undefined || value === null || value === '') return { value: undefined };
      const n = typeof value === 'number' ? value : typeof value === 'string' && /^\d+$/.test(value.trim()) ? Number(value.trim()) : NaN;
      if (!Number.isInteger(n) || n < SCALE_MIN || n > SCALE_MAX) return { error: `Elija un valor de la escala, de ${SCALE_MIN} a ${SCALE_MAX}.` };
      return { value: n };
    }
    case 'matrix': {
      if (value === undefined || value === null) return { value: undefined };
      if (typeof value !== 'object' || Array.isArray(value)) return { error: 'Elija una columna para cada fila.' };
      const picked: MatrixAnswer = {};
      for (const [row, column] of Object.entries(value as Record<string, unknown>)) {
        if (column === undefined || column === null || column === '') continue;
        if (!q.rows.includes(row) || typeof column !== 'string' || !q.columns.includes(column)) return { error: 'Elija, en cada fila, una de las columnas de la tabla.' };
        picked[row] = column;
      }
      const answered = q.rows.filter((r) => r in picked);
      if (answered.length === 0) return { value: undefined };
      if (q.required && answered.length < q.rows.length) return { error: 'Responda todas las filas de esta pregunta: es obligatoria.' };
      // In the question's row order.
      return { value: Object.fromEntries(answered.map((r) => [r, picked[r]!])) };
    }
  }
}

/** Reads a stored answers column; anything unreadable is no answers. */
export function parseAnswers(json: string): Answers {
  try {
    const value = JSON.parse(json) as unknown;
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Answers) : {};
  } catch {
    return {};
  }
}
