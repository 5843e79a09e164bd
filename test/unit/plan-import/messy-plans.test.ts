import { describe, expect, it } from 'vitest';
import { parsePlanFile, type ParsedPlan } from '../../../src/plan/import/parse-plan.js';
import { fixture, outline } from './helpers.js';

const load = (name: string) => parsePlanFile({ bytes: fixture(name), filename: name });
const codes = (plan: ParsedPlan) => plan.warnings.map((w) => [w.line, w.code]);

describe('CSV exported by Excel: ";" separated, windows-1252, CRLF, quoted multi-line cells', () => {
  it('decodes windows-1252 (accents, dashes, curly quotes) and reads the tree', async () => {
    const plan = await load('anticorrupcion-excel-1252.csv');
    expect(plan.title).toBe('Plan Anticorrupción y de Atención al Ciudadano 2026');
    expect(plan.objective).toBe('Componente 3: Rendición de cuentas — Alcaldía de Villa del Río');
    expect(outline(plan)).toEqual([
      ['Información de calidad', [
        'Publicar el informe de gestión 2025 en la página web',
        'Actualizar la sección "Transparencia" del portal',
        'Elaborar boletines mensuales',
      ]],
      ['Diálogo', ['Realizar la audiencia pública de rendición de cuentas', 'Mesas de trabajo con juntas de acción comunal']],
    ]);
  });

  it('numbers lines in the source, counting the line break inside a quoted cell', async () => {
    const plan = await load('anticorrupcion-excel-1252.csv');
    expect(plan.subcomponents.flatMap((s) => s.activities.map((a) => a.line))).toEqual([5, 7, 8, 9, 10]);
  });

  it('reads every column, dd/mm/yyyy dates and whole months', async () => {
    const [informacion, dialogo] = (await load('anticorrupcion-excel-1252.csv')).subcomponents;
    expect(informacion!.activities[0]).toEqual({
      line: 5, description: 'Publicar el informe de gestión 2025 en la página web', goal: 'Informe publicado',
      indicator: 'Número de informes publicados', departmentNames: ['Secretaría de Planeación', 'Oficina de Comunicaciones'],
      allDepartments: false, plannedStart: '2026-02-01', plannedEnd: '2026-02-28',
    });
    expect(informacion!.activities[1]).toMatchObject({ departmentNames: ['Oficina TIC', 'Secretaría General'], plannedStart: '2026-03-15', plannedEnd: '2026-03-31' });
    // 31/02/2026 does not exist: no end date, and a warning (below).
    expect(informacion!.activities[2]).toMatchObject({ departmentNames: ['Oficina de Comunicaciones'], plannedStart: '2026-04-01', plannedEnd: null });
    expect(dialogo!.activities[0]).toMatchObject({ allDepartments: true, departmentNames: [], plannedStart: '2026-03-01', plannedEnd: null });
    expect(dialogo!.activities[1]).toMatchObject({ goal: '“Diez mesas”', departmentNames: [], plannedStart: '2026-04-01', plannedEnd: '2026-06-30' });
  });

  it('warns about the unknown column, the bad date, the extra cell and the missing department', async () => {
    const plan = await load('anticorrupcion-excel-1252.csv');
    expect(codes(plan)).toEqual([[4, 'unknown_column'], [8, 'invalid_date'], [10, 'extra_cells'], [10, 'missing_departments']]);
    expect(plan.warnings[0]!.message).toContain('«N°»');
    expect(plan.warnings[1]!.message).toContain('«31/02/2026»');
    expect(plan.departments.map((d) => d.name)).toEqual(['Secretaría de Planeación', 'Oficina de Comunicaciones', 'Oficina TIC', 'Secretaría General']);
  });
});

describe('TSV pasted from a PDF: repeated header and page title inside a split row', () => {
  it('joins the split row across the blank line, page title and repeated header', async () => {
    const plan = await load('participacion-saltos-de-pagina.tsv');
    expect(plan.title).toBe('Alcaldía de San Martín — Plan de participación ciudadana 2026');
    expect(plan.objective).toBe('Objetivo: abrir espacios de diálogo con las juntas de acción comunal.');
    expect(plan.subcomponents[0]!.activities[1]).toEqual({
      line: 8, description: 'Realizar mesas de trabajo por comuna con los líderes comunitarios',
      goal: 'Mesas realizadas en las doce comunas', indicator: 'Número de mesas realizadas',
      departmentNames: ['Secretaría de Gobierno', 'Secretaría de Planeación'], allDepartments: false,
      // "del 1 al 15 de" + "mayo de 2026": the date range was split too.
      plannedStart: '2026-05-01', plannedEnd: '2026-05-15',
    });
  });

  it('reads the tree, with a subcomponent row that has no activity yet', async () => {
    const plan = await load('participacion-saltos-de-pagina.tsv');
    expect(plan.subcomponents.map((s) => [s.name, s.line, s.activities.length])).toEqual([
      ['Participación ciudadana', 6, 3], ['Control social', 14, 3], ['Seguimiento', 18, 0],
    ]);
  });

  it('reads the "Fecha programada" ranges', async () => {
    const plan = await load('participacion-saltos-de-pagina.tsv');
    const dates = plan.subcomponents.flatMap((s) => s.activities.map((a) => [a.line, a.plannedStart, a.plannedEnd]));
    expect(dates).toEqual([
      [7, '2026-03-01', '2026-04-30'], // marzo a abril de 2026
      [8, '2026-05-01', '2026-05-15'],
      [13, '2026-06-01', '2026-06-30'], // 01/06/2026 - 30/06/2026
      [14, '2026-03-01', '2026-06-30'], // marzo - junio 2026
      [15, null, null], // segundo semestre
      [16, '2026-12-15', '2026-12-15'],
    ]);
  });

  it('warns about the page title, the unreadable date, the row without activity and the empty subcomponent', async () => {
    const plan = await load('participacion-saltos-de-pagina.tsv');
    expect(codes(plan)).toEqual([[10, 'ignored_line'], [15, 'invalid_date'], [17, 'missing_activity'], [18, 'empty_subcomponent']]);
    expect(plan.warnings[1]!.message).toBe('No se pudo leer la fecha «segundo semestre» de la línea 15; quedó sin fecha.');
  });

  it('normalizes "secretaría de gobierno" to the capitalized spelling', async () => {
    const plan = await load('participacion-saltos-de-pagina.tsv');
    expect(plan.subcomponents[1]!.activities[1]!.departmentNames).toEqual(['Secretaría de Gobierno']);
    expect(plan.departments.map((d) => d.name)).toEqual(['Secretaría de Gobierno', 'Secretaría de Planeación', 'Oficina de Prensa', 'Personería Municipal']);
  });
});

describe('HTML-heavy paste from a web editor', () => {
  it('turns tags and entities into plain text everywhere, header included', async () => {
    const plan = await load('editor-html-pegado.txt');
    expect(plan.title).toBe('Plan de Acción de Rendición de Cuentas 2026');
    expect(plan.objective).toBe('Objetivo: informar a la ciudadanía sobre la gestión.');
    expect(plan.subcomponents).toEqual([
      { name: 'Información de calidad', line: 4, activities: [
        { line: 4, description: 'Publicar el informe de gestión anual', goal: 'Informe publicado en la web', indicator: null,
          departmentNames: ['Secretaría de Hacienda', 'Secretaría General'], allDepartments: false,
          plannedStart: '2026-06-30', plannedEnd: '2026-06-30' },
        { line: 5, description: 'Campaña «Cuentas claras» en radio & TV', goal: 'Cuñas emitidas > 20', indicator: null,
          departmentNames: ['Oficina de Tránsito & Movilidad'], allDepartments: false,
          plannedStart: '2026-07-01', plannedEnd: '2026-07-01' },
      ] },
      { name: 'Diálogo', line: 6, activities: [
        // "SECRETARÍA GENERAL" ties with "Secretaría General" on capitalized words: the first seen wins.
        { line: 6, description: 'Foro con jóvenes', goal: null, indicator: null, departmentNames: ['Secretaría General'],
          allDepartments: false, plannedStart: null, plannedEnd: null },
      ] },
    ]);
    expect(plan.warnings).toEqual([]);
  });
});
