import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { parsePlanFile } from '../../../src/plan/import/parse-plan.js';
import { appError } from './helpers.js';

const day = (y: number, m: number, d: number) => new Date(Date.UTC(y, m - 1, d));

/** A workbook the way municipalities build it: an instructions sheet, merged cells, real dates. */
async function workbook(): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  wb.addWorksheet('Instrucciones').getCell('A1').value = 'Diligencie la hoja «Plan» con una actividad por fila.';
  const ws = wb.addWorksheet('Plan');
  ws.getCell('A1').value = 'Plan de acción 2026 — Rendición de cuentas';
  ws.mergeCells('A1:F1');
  ws.getRow(2).values = ['Subcomponente', 'Actividades', 'Meta de producto - indicador', 'Responsable', 'Fecha de inicio', 'Fecha de finalización'];
  ws.getRow(3).values = ['Información', 'Publicar boletín', { richText: [{ text: 'Boletín ' }, { text: 'mensual', font: { bold: true } }] },
    'Oficina de Prensa', day(2026, 2, 1), day(2026, 2, 28)];
  ws.getRow(4).values = [null, 'Actualizar portal', { formula: 'CONCAT("Portal ","actualizado")', result: 'Portal actualizado' },
    'Oficina TIC - oficina de prensa', '01/03/2026', day(2026, 3, 31)];
  ws.getRow(5).values = [null, 'Emitir programa radial', 12,
    { text: 'Secretaría General', hyperlink: 'https://example.gov.co/sg' }, day(2026, 4, 1), day(2026, 3, 1)];
  ws.getRow(6).values = ['Diálogo', 'Audiencia pública', null, 'Todas las dependencias', 'mayo de 2026', 'mayo de 2026'];
  ws.getRow(7).values = [null, 'Foro virtual', null, null, null, null];
  // Merged subcomponent cells: exceljs reports the master's value in every cell of the area.
  ws.getCell('A3').value = 'Información';
  ws.mergeCells('A3:A5');
  ws.getCell('A6').value = 'Diálogo';
  ws.mergeCells('A6:A7');
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

describe('xlsx workbook', () => {
  it('skips the sheet without a header and reads the tree with Excel row numbers', async () => {
    const plan = await parsePlanFile({ bytes: await workbook(), filename: 'plan.xlsx' });
    expect(plan.title).toBe('Plan de acción 2026 — Rendición de cuentas');
    expect(plan.objective).toBeNull();
    expect(plan.subcomponents.map((s) => [s.name, s.line, s.activities.map((a) => [a.line, a.description])])).toEqual([
      ['Información', 3, [[3, 'Publicar boletín'], [4, 'Actualizar portal'], [5, 'Emitir programa radial']]],
      ['Diálogo', 6, [[6, 'Audiencia pública'], [7, 'Foro virtual']]],
    ]);
  });

  it('turns rich text, formulas, numbers, hyperlinks and date cells into text', async () => {
    const plan = await parsePlanFile({ bytes: await workbook() });
    const [boletin, portal, radio] = plan.subcomponents[0]!.activities;
    expect(boletin).toMatchObject({ goal: 'Boletín mensual', departmentNames: ['Oficina de Prensa'], plannedStart: '2026-02-01', plannedEnd: '2026-02-28' });
    expect(portal).toMatchObject({ goal: 'Portal actualizado', departmentNames: ['Oficina TIC', 'Oficina de Prensa'], plannedStart: '2026-03-01', plannedEnd: '2026-03-31' });
    expect(radio).toMatchObject({ goal: '12', departmentNames: ['Secretaría General'], plannedStart: '2026-04-01', plannedEnd: '2026-03-01' });
    const [audiencia, foro] = plan.subcomponents[1]!.activities;
    expect(audiencia).toMatchObject({ allDepartments: true, departmentNames: [], plannedStart: '2026-05-01', plannedEnd: '2026-05-31' });
    expect(foro).toMatchObject({ goal: null, departmentNames: [], plannedStart: null, plannedEnd: null });
  });

  it('warns about the inverted dates and the activity without departments', async () => {
    const plan = await parsePlanFile({ bytes: await workbook() });
    expect(plan.warnings.map((w) => [w.line, w.code])).toEqual([[5, 'date_order'], [7, 'missing_departments']]);
    expect(plan.departments).toEqual([
      { key: 'oficina de prensa', name: 'Oficina de Prensa' },
      { key: 'oficina tic', name: 'Oficina TIC' },
      { key: 'secretaria general', name: 'Secretaría General' },
    ]);
  });

  it('rejects a workbook where no sheet has the table header', async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('Hoja1').getCell('B2').value = 'Presupuesto 2026';
    const error = await appError(async () => parsePlanFile({ bytes: new Uint8Array(await wb.xlsx.writeBuffer()), filename: 'x.xlsx' }));
    expect(error.code).toBe('plan_format');
    expect(error.message).toMatch(/^No se encontró la fila de encabezados/);
    expect(error.details).toEqual({ sheets: ['Hoja1'] });
  });
});
