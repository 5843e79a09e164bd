import { describe, expect, it } from 'vitest';
import { columnKeys, type RowValues } from '../../src/pieces/bulk/columns.js';
import { foldDescription } from '../../src/pieces/bulk/values.js';
import { resolveActivity, validateRow, validateTable, type ActivityChoice, type ImportContext } from '../../src/pieces/bulk/validate.js';
import { listTemplates } from '../../src/render/templates.js';

/** The validator is pure over its context: a plan's activities, the templates, "now" and the caller's scope. */
const activity = (ref: string, description: string, departmentIds: string[] = ['comunicaciones'], allDepartments = false): ActivityChoice => ({
  id: `act-${ref}`,
  ref,
  description,
  folded: foldDescription(description),
  allDepartments,
  departmentIds,
});
const activities = [
  activity('1.3', 'Realizar comunicados de prensa, con notas de interés general'),
  activity('1.5', 'Elaborar informe de gestión.', ['planeacion']),
  activity('2.1', 'Publicación de encuesta sobre los temas de interés de la ciudadanía', ['planeacion']),
  activity('2.8', 'Publicación de las respuestas a las inquietudes ciudadanas', [], true),
  activity('3.1', 'Publicación'),
];

const context = (over: Partial<ImportContext> = {}): ImportContext => ({
  plan: { id: 'plan', title: 'Plan', timeZone: 'America/Bogota' },
  activities,
  templates: listTemplates(),
  existing: new Set(),
  now: new Date('2026-01-01T00:00:00Z'),
  departmentIds: null,
  ...over,
});

const row = (values: Partial<RowValues>, line = 2) => ({ line, values: { ...(Object.fromEntries(columnKeys.map((k) => [k, ''])) as RowValues), tipo: 'Aviso', titulo: 'Aviso de prueba', ...values } });
const check = (values: Partial<RowValues>, over: Partial<ImportContext> = {}) => validateRow(row(values), context(over));
const errors = (values: Partial<RowValues>, over: Partial<ImportContext> = {}) => check(values, over).problems.filter((p) => p.severity === 'error');

describe('resolveActivity', () => {
  const id = (cell: string) => {
    const r = resolveActivity(cell, activities);
    return 'error' in r ? `ERROR: ${r.error}` : r.activity?.id ?? null;
  };

  it('finds an activity by position, by position and description, or by the start of its description', () => {
    expect(id('1.3')).toBe('act-1.3');
    expect(id('1.5 Elaborar informe de gestión.')).toBe('act-1.5');
    expect(id('1.3 Realizar comunicados…')).toBe('act-1.3');
    expect(id('elaborar INFORME de gestion')).toBe('act-1.5');
    expect(id('')).toBeNull();
  });

  it('prefers an exact description over the longer ones it starts', () => {
    expect(id('Publicación')).toBe('act-3.1');
  });

  it('refuses an unknown position, a description that does not match its position, and an ambiguous start', () => {
    expect(id('9.9')).toBe('ERROR: El plan no tiene la actividad 9.9.');
    expect(id('1.3 Elaborar informe de gestión')).toBe(
      'ERROR: La actividad 1.3 del plan es «Realizar comunicados de prensa, con notas de interés general», que no coincide con «Elaborar informe de gestión». Revise el número.',
    );
    expect(id('Publicación de')).toMatch(/^ERROR: La actividad «Publicación de» es ambigua: coincide con 2\.1, 2\.8\./);
    expect(id('Organizar la feria')).toMatch(/^ERROR: No hay en el plan ninguna actividad cuya descripción empiece por «Organizar la feria»/);
  });
});

describe('validateRow', () => {
  it('plans the piece: variants only for the networks with text or title, the link on each', () => {
    const result = check({
      actividad: '1.3',
      tipo: 'Comunicado de prensa',
      cuerpo: 'Cuerpo',
      texto_x: 'Hola X',
      titulo_youtube: 'Video',
      enlace: 'https://alcaldia.gov.co',
    });
    expect(result.problems.filter((p) => p.severity === 'error')).toEqual([]);
    expect(result.piece).toMatchObject({ kind: 'press_release', body: 'Cuerpo', activityId: 'act-1.3', activity: { ref: '1.3' }, scheduledAt: null, templateId: null });
    expect(result.piece!.variants).toEqual([
      { network: 'x', title: null, text: 'Hola X', link: 'https://alcaldia.gov.co' },
      { network: 'youtube', title: 'Video', text: '', link: 'https://alcaldia.gov.co' },
    ]);
  });

  it('puts the date and time in the plan’s zone, across a daylight-saving change', () => {
    expect(check({ fecha: '2026-11-24', hora: '3:00 p. m.' }).piece!.scheduledAt).toBe('2026-11-24T20:00:00.000Z');
    const madrid = context().plan;
    const zone = (timeZone: string) => ({ plan: { ...madrid, timeZone } });
    expect(check({ fecha: '2026-01-15', hora: '10:00' }, zone('Europe/Madrid')).piece!.scheduledAt).toBe('2026-01-15T09:00:00.000Z');
    expect(check({ fecha: '2026-07-15', hora: '10:00' }, zone('Europe/Madrid')).piece!.scheduledAt).toBe('2026-07-15T08:00:00.000Z');
  });

  it('wants the date and the time together, and warns about a time already past', () => {
    expect(errors({ fecha: '2026-11-24' })).toEqual([{ field: 'hora', severity: 'error', message: 'Falta la hora: la fecha va con una hora (por ejemplo 15:00).' }]);
    expect(errors({ hora: '10:00' })).toEqual([{ field: 'fecha', severity: 'error', message: 'Falta la fecha: la hora va con una fecha.' }]);
    const past = check({ fecha: '2025-12-31', hora: '18:00' });
    expect(past.piece).not.toBeNull();
    expect(past.problems).toEqual([{ field: 'fecha', severity: 'warning', message: 'La fecha y hora ya pasaron (31 de diciembre de 2025, 6:00 p. m.).' }]);
  });

  it('checks the title and the link as the API does', () => {
    expect(errors({ titulo: '' })[0]?.message).toBe('Falta el título de la pieza.');
    expect(errors({ titulo: 'Av' })[0]?.message).toBe('El título debe tener al menos 3 caracteres.');
    expect(errors({ titulo: 'a'.repeat(301) })[0]?.message).toBe('El título tiene 301 caracteres; el máximo es 300.');
    expect(errors({ texto_x: 'Hola', enlace: 'alcaldia.gov.co' })).toEqual([
      { field: 'enlace', severity: 'error', message: 'El enlace «alcaldia.gov.co» no es una dirección web completa: debe empezar por http:// o https://.' },
    ]);
  });

  it('reports each network’s rules as warnings on the column they come from', () => {
    const result = check({ texto_x: 'x'.repeat(300), texto_youtube: 'Descripción <b>', titulo_web: 'Noticia', texto_web: '' });
    expect(result.piece).not.toBeNull();
    expect(result.problems.map((p) => [p.field, p.severity, p.message.split(':')[0]])).toEqual([
      ['texto_x', 'warning', 'X'],
      ['titulo_youtube', 'warning', 'YouTube'],
      ['texto_youtube', 'warning', 'YouTube'],
      ['texto_web', 'warning', 'Sitio web municipal'],
    ]);
    expect(result.problems[1]!.message).toBe('YouTube: YouTube exige un título para el video.');
  });

  it('checks the template’s fields: unknown names and missing required ones are warnings, fields without a template an error', () => {
    const result = check({ plantilla: 'Anuncio', campos: 'title=Audiencia; lugar=Teatro' });
    expect(result.piece).toMatchObject({ templateId: 'announcement', templateFields: { title: 'Audiencia', lugar: 'Teatro' } });
    expect(result.problems.map((p) => [p.field, p.severity])).toEqual([
      ['campos', 'warning'],
      ['campos', 'warning'],
    ]);
    expect(result.problems[0]!.message).toMatch(/^La plantilla «Anuncio» no tiene el campo «lugar»: no se usarán\./);
    expect(result.problems[1]!.message).toBe('El campo «Fecha y hora» es obligatorio. Complételo en la pieza antes de generar sus imágenes.');
    expect(errors({ campos: 'title=Audiencia' })).toEqual([
      { field: 'campos', severity: 'error', message: 'Hay campos pero no hay plantilla: indique en la columna «plantilla» a qué plantilla pertenecen.' },
    ]);
  });

  it('lets a department user use only their departments’ activities (or those of every department)', () => {
    const scope = { departmentIds: ['planeacion'] };
    expect(errors({ actividad: '1.5' }, scope)).toEqual([]);
    expect(errors({ actividad: '2.8' }, scope)).toEqual([]);
    expect(errors({ actividad: '1.3' }, scope)[0]?.message).toBe('La actividad 1.3 no es de su dependencia: solo puede crear piezas de las actividades de su dependencia.');
    expect(errors({ actividad: '' }, scope)[0]?.message).toMatch(/^Indique la actividad/);
  });

  it('warns when the activity already has a piece with that title', () => {
    const result = check({ actividad: '1.3', titulo: 'Aviso de PRUEBA' }, { existing: new Set(['act-1.3|aviso de prueba']) });
    expect(result.problems).toEqual([{ field: 'titulo', severity: 'warning', message: 'La actividad 1.3 ya tiene una pieza con este título; se creará otra.' }]);
  });
});

describe('validateTable', () => {
  it('counts errors and warnings, and warns about the same piece twice in a file', () => {
    const preview = validateTable(
      {
        format: 'csv',
        rows: [row({ actividad: '1.3' }, 2), row({ actividad: '1.3' }, 3), row({ tipo: 'Volante' }, 4)],
        problems: [{ line: 1, field: null, severity: 'warning', message: 'La columna «Notas» no se reconoce; sus datos se ignoran.' }],
      },
      context(),
    );
    expect(preview.rows[1]!.problems).toEqual([{ field: 'titulo', severity: 'warning', message: 'Repite la pieza de la línea 2 (mismo tipo, título y actividad).' }]);
    expect(preview).toMatchObject({ pieces: 2, errors: 1, warnings: 2 });
    expect(preview.rows[2]!.piece).toBeNull();
  });
});
