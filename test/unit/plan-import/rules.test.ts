import { describe, expect, it } from 'vitest';
import { parsePlanText } from '../../../src/plan/import/parse-plan.js';
import { outline } from './helpers.js';

const HEADER = 'Subcomponente\tActividades\tMeta\tResponsable';
const plan = (...lines: string[]) => parsePlanText(lines.join('\n'));
const codes = (p: ReturnType<typeof parsePlanText>) => p.warnings.map((w) => [w.line, w.code]);

describe('row rules', () => {
  it('a lowercase activity whose other cells start new sentences is a new activity, not a continuation', () => {
    const p = plan(HEADER, 'Información\tPublicar informe\tInforme\tPrensa', '\trealizar foro\tForo realizado\tPlaneación');
    expect(outline(p)).toEqual([['Información', ['Publicar informe', 'realizar foro']]]);
  });

  it('a continuation joins cell by cell, filling cells the first piece left empty', () => {
    const p = plan(HEADER, 'Información\tPublicar el informe\t\tPrensa', '\tde gestión\tinforme publicado\t');
    expect(p.subcomponents[0]!.activities[0]).toMatchObject({ description: 'Publicar el informe de gestión', goal: 'informe publicado', line: 2 });
  });

  it('a row that continues after a subcomponent-only row completes that row', () => {
    const p = plan(HEADER, 'Diálogo\t\t\t', '', '\tmesas de trabajo con la comunidad\t\t');
    expect(p.subcomponents).toEqual([{ name: 'Diálogo', line: 2, activities: [expect.objectContaining({ line: 2, description: 'mesas de trabajo con la comunidad' })] }]);
  });

  it('the same subcomponent repeated on every row stays one subcomponent', () => {
    const p = plan(HEADER, 'Diálogo\tForo\tForo\tPrensa', 'diálogo\tMesa\tMesa\tPrensa', 'Incentivos\tPremio\tPremio\tPrensa', 'Diálogo\tCabildo\tCabildo\tPrensa');
    expect(outline(p)).toEqual([['Diálogo', ['Foro', 'Mesa']], ['Incentivos', ['Premio']], ['Diálogo', ['Cabildo']]]);
  });

  it('activities before any subcomponent are grouped under «Sin subcomponente», with a warning', () => {
    const p = plan('Actividad\tResponsable', 'Publicar\tPrensa', 'Difundir\tPrensa');
    expect(outline(p)).toEqual([['Sin subcomponente', ['Publicar', 'Difundir']]]);
    expect(codes(p)).toEqual([[2, 'missing_subcomponent']]);
    expect(p.title).toBeNull();
    expect(p.objective).toBeNull();
  });

  it('without a Responsable column: one warning for the table, none per activity', () => {
    const p = plan('Plan 2026', 'Componente\tActividad\tFecha', 'A\tPublicar\tmarzo de 2026', '\tDifundir\tabril de 2026');
    expect(codes(p)).toEqual([[2, 'missing_column']]);
    expect(p.title).toBe('Plan 2026');
    expect(p.objective).toBeNull();
    expect(p.subcomponents[0]!.activities.map((a) => [a.plannedStart, a.plannedEnd])).toEqual([['2026-03-01', '2026-03-31'], ['2026-04-01', '2026-04-30']]);
  });

  it('a repeated column is reported and the first one is used', () => {
    const p = plan('Actividad\tResponsable\tResponsables', 'Publicar\tPrensa\tTesorería');
    expect(p.subcomponents[0]!.activities[0]!.departmentNames).toEqual(['Prensa']);
    expect(codes(p)).toEqual([[1, 'duplicate_column'], [2, 'missing_subcomponent']]);
  });

  it('a row with data only in unrecognized columns is reported, not read', () => {
    const p = plan('N°\tActividad\tResponsable', '1\tPublicar\tPrensa', '2\t\t');
    expect(codes(p)).toEqual([[1, 'unknown_column'], [2, 'missing_subcomponent'], [3, 'ignored_row']]);
  });

  it('start and end columns take precedence and each bad one is reported', () => {
    const p = plan('Actividad\tFecha inicio\tFecha fin\tResponsable', 'Publicar\t31/04/2026\t15 de mayo de 2026\tPrensa');
    expect(p.subcomponents[0]!.activities[0]).toMatchObject({ plannedStart: null, plannedEnd: '2026-05-15' });
    expect(p.warnings.map((w) => w.message)).toContain('No se pudo leer la fecha «31/04/2026» de la línea 2; quedó sin fecha.');
  });
});
