import { describe, expect, it } from 'vitest';
import { parsePlanFile, parsePlanText } from '../../../src/plan/import/parse-plan.js';
import { activity, fixture, outline } from './helpers.js';

// The real plan, pasted from a PDF: page breaks split rows, a page title sits between the
// pieces, cells carry <p> tags and one department is spelled with two different cases.
const seed = parsePlanText(fixture('rendicion-de-cuentas-seed.txt').toString('utf8'));

const APOYO = 'Secretaría de Apoyo a la Gestión';
const PLANEACION = 'Secretaría de Planeación';
const COMUNICACIONES = 'Dirección de Relaciones Públicas y Comunicaciones';

describe('seed: Plan de Acción Rendición de Cuentas', () => {
  it('reads the title and the objective above the header', () => {
    expect(seed.title).toBe('Plan de Acción Rendición de Cuentas');
    expect(seed.objective).toBe(
      'Fortalecer la comunicación entre la Administración Municipal y la ciudadanía en un proceso de ' +
        'rendición de cuentas permanentes, transparentes y participativas.',
    );
  });

  it('has the four subcomponents in order with 5, 8, 2 and 4 activities', () => {
    expect(seed.subcomponents.map((s) => [s.name, s.activities.length])).toEqual([
      ['Información', 5], ['Diálogo', 8], ['Incentivos', 2], ['Evaluación y seguimiento', 4],
    ]);
    expect(seed.subcomponents.map((s) => s.line)).toEqual([10, 18, 33, 35]);
  });

  it('keeps every activity in source order, with the rows split by page breaks joined', () => {
    const [, dialogo] = outline(seed)[1]!;
    expect(dialogo).toEqual([
      'Publicación de encuesta sobre los temas de interés de la ciudadanía',
      'Actualización de página web y redes sociales',
      'Garantizar la participación e información de los ciudadanos en interacción con el gobierno municipal ' +
        'a través de la realización de una audiencia pública participativa',
      'Fomentar la discusión y participación a través de las redes sociales institucionales',
      'Actualizar canales multimedia para presentar contenidos dinámicos (YouTube, transmisión streaming)',
      'Ferias de gestión: exposición de los servicios y programas que ofrece la Administración Municipal',
      'Rendición de cuentas sectorial: encuentros ciudadanos y cabildos en las diferentes comunas y zona rural de la ciudad',
      'Publicación de las respuestas a las inquietudes y preguntas ciudadanas de la audiencia de rendición de cuentas',
    ]);
    expect(outline(seed)[3]![1]).toEqual([
      'Hacer seguimiento al cronograma de la rendición de cuentas',
      'Realizar evaluación y retroalimentación del proceso anterior de rendición de cuentas',
      'Realizar informe general de la rendición de cuentas',
      'Publicar a través de los diferentes medios los resultados del informe',
    ]);
  });

  it('joins a goal split by a page break with a page title in between', () => {
    const informe = activity(seed, 'Realizar informe general');
    expect(informe.goal).toBe('Documento oficial para informar sobre la evaluación del proceso a la comunidad');
    expect(informe.line).toBe(37);
    expect(activity(seed, 'Publicar a través').line).toBe(44);
  });

  it('does not take the page title for an activity, and reports it', () => {
    const all = seed.subcomponents.flatMap((s) => s.activities);
    expect(all.some((a) => a.description.startsWith('Cronograma'))).toBe(false);
    expect(seed.subcomponents.some((s) => s.name.startsWith('Cronograma'))).toBe(false);
    expect(seed.warnings).toEqual([expect.objectContaining({ line: 41, code: 'ignored_line' })]);
  });

  it('strips the <p> tags', () => {
    const first = seed.subcomponents[0]!.activities[0]!;
    expect(first.description).toBe('Definir grupos de interés a los cuales se pretende llegar (Caracterización de la población).');
    expect(first.goal).toBe('Identificación de los actores sociales principales');
    expect(first.indicator).toBeNull();
  });

  it('reads "todas las dependencias" as a flag next to the named departments', () => {
    const first = seed.subcomponents[0]!.activities[0]!;
    expect(first.allDepartments).toBe(true);
    expect(first.departmentNames).toEqual([APOYO, PLANEACION]);
    const ferias = activity(seed, 'Ferias de gestión');
    expect(ferias).toMatchObject({ allDepartments: true, departmentNames: [] });
    expect(activity(seed, 'Publicación de las respuestas')).toMatchObject({ allDepartments: true, departmentNames: [PLANEACION] });
  });

  it('merges case variants of a department into one canonical name', () => {
    expect(seed.departments).toEqual([
      { key: 'secretaria de apoyo a la gestion', name: APOYO },
      { key: 'secretaria de planeacion', name: PLANEACION },
      { key: 'direccion de relaciones publicas y comunicaciones', name: COMUNICACIONES },
      { key: 'secretaria administrativa', name: 'Secretaría Administrativa' },
      { key: 'direccion de talento humano', name: 'Dirección de Talento Humano' },
    ]);
    // Written "Dirección de relaciones públicas y comunicaciones" on this row.
    expect(activity(seed, 'Diseñar y difundir').departmentNames).toEqual([COMUNICACIONES]);
    // Written "Secretaría de Apoyo a la gestión" here, and split on both "/" and " - ".
    expect(activity(seed, 'Publicación de encuesta').departmentNames).toEqual([PLANEACION, APOYO]);
    expect(activity(seed, 'Garantizar la participación').departmentNames).toEqual([APOYO, COMUNICACIONES, PLANEACION]);
    expect(activity(seed, 'Crear espacios').departmentNames).toEqual(['Secretaría Administrativa', 'Dirección de Talento Humano']);
  });

  it('has no dates, as the seed has no date column', () => {
    const all = seed.subcomponents.flatMap((s) => s.activities);
    expect(all.every((a) => a.plannedStart === null && a.plannedEnd === null)).toBe(true);
  });

  it('gives the same result from the uploaded bytes', async () => {
    const fromFile = await parsePlanFile({ bytes: fixture('rendicion-de-cuentas-seed.txt'), filename: 'plan.txt' });
    expect(fromFile).toEqual(seed);
  });
});
