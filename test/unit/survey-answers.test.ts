import { normalizeText } from '../../src/lib/text.js';
import { describe, expect, it } from 'vitest';
import { answersFromForm, checkAnswers, optionsJson, optionsProblem, toQuestionView, type QuestionView } from '../../src/dialogue/surveys/questions.js';
import { roundToHour } from '../../src/dialogue/surveys/responses.js';
import { isHoneypotFilled } from '../../src/dialogue/submission-limit.js';

/** The answer checks of src/dialogue/surveys/questions.ts, on questions made by hand. */

const base = { help: null, required: false, isTopic: false, choices: [], rows: [], columns: [], minLabel: null, maxLabel: null };
const q = (id: string, kind: QuestionView['kind'], extra: Partial<QuestionView> = {}): QuestionView => ({ ...base, id, position: 1, kind, prompt: id, ...extra });

const questions = [
  q('texto', 'short_text', { required: true }),
  q('unica', 'single_choice', { choices: ['Sí', 'No'] }),
  q('varias', 'multiple_choice', { choices: ['A', 'B', 'C'] }),
  q('escala', 'scale'),
  q('matriz', 'matrix', { required: true, rows: ['Fila 1', 'Fila 2'], columns: ['Mal', 'Bien'] }),
];

describe('checkAnswers', () => {
  it('types each answer and leaves out what was not answered', () => {
    const { answers, errors } = checkAnswers(questions, { texto: '  hola  ', unica: '', varias: ['C', 'A', 'A'], escala: 3, matriz: { 'Fila 2': 'Bien', 'Fila 1': 'Mal' } });
    expect(errors).toEqual({});
    expect(answers).toEqual({ texto: 'hola', varias: ['A', 'C'], escala: 3, matriz: { 'Fila 1': 'Mal', 'Fila 2': 'Bien' } });
    expect(Object.keys(answers.matriz as object)).toEqual(['Fila 1', 'Fila 2']);
  });

  it('treats blank text as no answer, so a required one is missing', () => {
    expect(checkAnswers(questions, { texto: '   ', matriz: { 'Fila 1': 'Mal', 'Fila 2': 'Mal' } }).errors).toEqual({ texto: 'Esta pregunta es obligatoria.' });
  });

  it('asks for every row of a required matrix, and accepts a partial one when optional', () => {
    expect(checkAnswers(questions, { texto: 'x', matriz: { 'Fila 1': 'Mal' } }).errors).toEqual({ matriz: 'Responda todas las filas de esta pregunta: es obligatoria.' });
    expect(checkAnswers(questions, { texto: 'x', matriz: {} }).errors).toEqual({ matriz: 'Responda todas las filas de esta pregunta: es obligatoria.' });
    const optional = [q('m', 'matrix', { rows: ['Fila 1', 'Fila 2'], columns: ['Mal', 'Bien'] })];
    expect(checkAnswers(optional, { m: { 'Fila 2': 'Bien' } }).answers).toEqual({ m: { 'Fila 2': 'Bien' } });
    expect(checkAnswers(optional, { m: { 'Fila 3': 'Bien' } }).errors).toEqual({ m: 'Elija, en cada fila, una de las columnas de la tabla.' });
  });

  it('refuses values of the wrong shape', () => {
    const check = (raw: Record<string, unknown>) => checkAnswers(questions, { texto: 'x', matriz: { 'Fila 1': 'Mal', 'Fila 2': 'Mal' }, ...raw }).errors;
    expect(check({ unica: ['Sí'] })).toEqual({ unica: 'Elija una de las opciones de la lista.' });
    expect(check({ varias: 'D' })).toEqual({ varias: 'Marque solo opciones de la lista.' });
    expect(check({ escala: 0 })).toEqual({ escala: 'Elija un valor de la escala, de 1 a 5.' });
    expect(check({ escala: ' 5 ' })).toEqual({});
    expect(check({ texto: 12 })).toEqual({ texto: 'La respuesta debe ser un texto.' });
    expect(check({ matriz: ['Mal'] })).toEqual({ matriz: 'Elija una columna para cada fila.' });
  });
});

describe('the form and the stored options', () => {
  it('reads a form post into raw answers per question', () => {
    const raw = answersFromForm(questions, { q_texto: 'hola', q_varias: ['A', 'B'], q_unica: 'No', q_escala: '2', q_matriz_1: 'Bien', q_matriz_0: '', q_otro: 'ignorado' });
    expect(raw).toEqual({ texto: 'hola', unica: 'No', varias: ['A', 'B'], escala: '2', matriz: { 'Fila 2': 'Bien' } });
  });

  it('stores each kind’s options and reads them back', () => {
    const stored = (kind: QuestionView['kind'], fields: Partial<QuestionView>) => toQuestionView({ id: 'x', position: 1, kind, prompt: 'p', help: null, required: false, isTopic: false, options: optionsJson(kind, fields) });
    expect(stored('multiple_choice', { choices: ['A', 'B'], rows: ['no'] })).toMatchObject({ choices: ['A', 'B'], rows: [] });
    expect(stored('matrix', { rows: ['R'], columns: ['C1', 'C2'], choices: ['no'] })).toMatchObject({ choices: [], rows: ['R'], columns: ['C1', 'C2'] });
    expect(stored('scale', { minLabel: 'Poco', maxLabel: null })).toMatchObject({ minLabel: 'Poco', maxLabel: null });
    expect(optionsJson('long_text', { choices: ['A'] })).toBe('[]');
    expect(optionsProblem('single_choice', { choices: ['A', 'B'], rows: [], columns: [] })).toBeNull();
    expect(optionsProblem('single_choice', { choices: ['A', 'x'.repeat(201)], rows: [], columns: [] })).toMatch(/^La opción «x{40}…» es demasiado larga/);
  });
});

describe('small rules', () => {
  it('normalizes topics: lower case, no accents, no punctuation, single spaces', () => {
    expect(normalizeText('  ¡Vías   RURALES!  ')).toBe('vias rurales');
    expect(normalizeText('Educación, cultura y deporte.')).toBe('educacion cultura y deporte');
    expect(normalizeText('¿?')).toBe('');
  });

  it('rounds a response time down to its hour', () => {
    expect(roundToHour(new Date('2026-11-24T15:59:59.999Z')).toISOString()).toBe('2026-11-24T15:00:00.000Z');
  });

  it('sees a filled honeypot, and only a filled one', () => {
    expect(isHoneypotFilled({ sitio_web: 'http://spam.example' })).toBe(true);
    expect(isHoneypotFilled({ sitio_web: ['', 'x'] })).toBe(true);
    expect(isHoneypotFilled({ sitio_web: '   ' })).toBe(false);
    expect(isHoneypotFilled({})).toBe(false);
  });
});
