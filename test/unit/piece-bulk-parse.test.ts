import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../src/errors.js';
import { parsePiecesFile, parsePiecesText, xlsxCellText } from '../../src/pieces/bulk/parse.js';
import { rowsToCsv } from '../../src/pieces/bulk/export.js';
import { columnKeys, type RowValues } from '../../src/pieces/bulk/columns.js';

const utf8 = (text: string) => new TextEncoder().encode(text);
const latin1 = (text: string) => new Uint8Array(Buffer.from(text, 'latin1'));
const picked = (values: RowValues) => Object.fromEntries(Object.entries(values).filter(([, v]) => v !== ''));

async function failure(run: () => Promise<unknown> | unknown): Promise<AppError> {
  try {
    await run();
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected an AppError');
}

describe('CSV', () => {
  it('finds the delimiter from the header: semicolon or comma, with commas or semicolons inside the texts', async () => {
    const semicolon = parsePiecesText('actividad;tipo;titulo;texto_x\n1.2;Afiche;Uno, dos y tres;Hola, mundo\n');
    expect(semicolon.rows.map((r) => picked(r.values))).toEqual([{ actividad: '1.2', tipo: 'Afiche', titulo: 'Uno, dos y tres', texto_x: 'Hola, mundo' }]);
    const comma = parsePiecesText('actividad,tipo,titulo,texto_x\n1.2,Afiche,"Uno; dos",Hola; mundo\n');
    expect(comma.rows.map((r) => picked(r.values))).toEqual([{ actividad: '1.2', tipo: 'Afiche', titulo: 'Uno; dos', texto_x: 'Hola; mundo' }]);
  });

  it('honours Excel’s sep= line, which is not a row', () => {
    const table = parsePiecesText('sep=,\ntipo,titulo\nAfiche,Uno; dos\n');
    expect(table.rows).toEqual([{ line: 3, values: expect.objectContaining({ tipo: 'Afiche', titulo: 'Uno; dos' }) }]);
  });

  it('reads UTF-8 with BOM and windows-1252 the same', async () => {
    const text = 'Tipo;Título;Cuerpo\nAfiche;Año de gestión;Educación – salud\n';
    const withBom = await parsePiecesFile({ bytes: utf8(`\uFEFF${text}`) });
    const cp1252 = await parsePiecesFile({ bytes: new Uint8Array([...latin1(text.replace('–', '-'))].map((b) => (b === 0x2d ? 0x96 : b))) });
    expect(withBom.rows[0]!.values).toMatchObject({ tipo: 'Afiche', titulo: 'Año de gestión', cuerpo: 'Educación – salud' });
    expect(cp1252.rows[0]!.values).toEqual(withBom.rows[0]!.values);
  });

  it('skips empty rows, keeps the file’s line numbers and the lines inside quoted cells', () => {
    const table = parsePiecesText('tipo;titulo;cuerpo\n;;\nAfiche;Uno;"línea 1\nlínea 2"\n\n   ;  ;\nAviso;Dos;\n');
    expect(table.rows.map((r) => r.line)).toEqual([3, 7]);
    expect(table.rows[0]!.values.cuerpo).toBe('línea 1\nlínea 2');
  });

  it('finds the header under title lines, and warns about unknown and repeated columns', () => {
    const table = parsePiecesText('Piezas de noviembre;;\n;;\ntipo;titulo;Responsable;Título\nAfiche;Uno;Ana;Otro\n');
    expect(table.rows).toHaveLength(1);
    expect(table.rows[0]!.values.titulo).toBe('Uno');
    expect(table.problems).toEqual([
      { line: 3, field: null, severity: 'warning', message: 'La columna «Responsable» no se reconoce; sus datos se ignoran.' },
      { line: 3, field: null, severity: 'warning', message: 'La columna «Título» está repetida; se usa solo la primera.' },
    ]);
  });

  it('takes off the export’s formula guard, so exported texts come back as they were', () => {
    const texts = ['- primer punto', '=SUMA(A1)', '+57 300', '@alcaldia', "'citado'", 'normal'];
    const rows = texts.map((text) => ({ ...(Object.fromEntries(columnKeys.map((k) => [k, ''])) as RowValues), tipo: 'Aviso', titulo: 'Guardas', cuerpo: text }));
    const csv = rowsToCsv(rows);
    expect(csv).toContain(`"'- primer punto"`);
    expect(parsePiecesText(csv).rows.map((r) => r.values.cuerpo)).toEqual(texts);
  });

  it('refuses more than 500 rows, counting only rows with data', async () => {
    const rows = (n: number) => ['tipo;titulo', ...Array.from({ length: n }, (_, i) => `Aviso;Aviso ${i}\n;`)].join('\n');
    expect(parsePiecesText(rows(500)).rows).toHaveLength(500);
    const error = await failure(() => parsePiecesText(rows(501)));
    expect(error.status).toBe(400);
    expect(error.message).toMatch(/^El archivo tiene 501 piezas y se pueden importar como máximo 500 por archivo/);
  });

  it('explains an empty file, a missing header and binary content in Spanish', async () => {
    expect((await failure(() => parsePiecesFile({ bytes: new Uint8Array() }))).message).toBe('El archivo está vacío: no tiene ninguna pieza.');
    expect((await failure(() => parsePiecesFile({ bytes: utf8(' \n;;\n') }))).message).toBe('El archivo está vacío: no tiene ninguna pieza.');
    expect((await failure(() => parsePiecesFile({ bytes: utf8('actividad;titulo\n1.1;Uno\n') }))).message).toMatch(/^No se encontró la fila de encabezados/);
    const binary = await failure(() => parsePiecesFile({ bytes: new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 13, 0x49, 0x48]) }));
    expect(binary.status).toBe(400);
    expect(binary.message).toMatch(/^El archivo no contiene texto legible/);
    expect((await failure(() => parsePiecesFile({ bytes: utf8('tipo;titulo\n'), filename: 'piezas.xlsx' }))).message).toBe('El archivo .xlsx no es un libro de Excel válido.');
  });
});

describe('XLSX', () => {
  it('reads Excel dates and times as the sheet shows them', () => {
    expect(xlsxCellText(new Date(Date.UTC(2026, 10, 24)))).toBe('24/11/2026');
    expect(xlsxCellText(new Date(Date.UTC(1899, 11, 30, 15, 30)))).toBe('15:30');
    expect(xlsxCellText(new Date(Date.UTC(2026, 10, 24, 9, 5)))).toBe('24/11/2026 09:05');
    expect(xlsxCellText(1.3)).toBe('1.3');
    expect(xlsxCellText({ formula: 'A1', result: new Date(Date.UTC(1899, 11, 30, 8, 0)) } as ExcelJS.CellValue)).toBe('08:00');
  });

  it('takes the first sheet that has the header, skipping an instructions sheet', async () => {
    const workbook = new ExcelJS.Workbook();
    workbook.addWorksheet('Instrucciones').addRow(['Llene la hoja «Piezas».']);
    const sheet = workbook.addWorksheet('Piezas');
    sheet.addRow(['Tipo', 'Título', 'Fecha', 'Hora']);
    sheet.addRow(['Aviso', 'Aviso de prueba', new Date(Date.UTC(2026, 10, 24)), new Date(Date.UTC(1899, 11, 30, 9, 0))]);
    const table = await parsePiecesFile({ bytes: new Uint8Array(await workbook.xlsx.writeBuffer()), filename: 'p.xlsx' });
    expect(table.format).toBe('xlsx');
    expect(table.rows).toEqual([{ line: 2, values: expect.objectContaining({ tipo: 'Aviso', titulo: 'Aviso de prueba', fecha: '24/11/2026', hora: '09:00' }) }]);
  });

  it('says so when a workbook is damaged', async () => {
    const bytes = new Uint8Array([0x50, 0x4b, 0x03, 0x04, ...utf8('xl/workbook.xml'), 1, 2, 3]);
    const error = await failure(() => parsePiecesFile({ bytes }));
    expect(error.message).toBe('El libro de Excel está dañado o no se puede leer.');
  });
});
